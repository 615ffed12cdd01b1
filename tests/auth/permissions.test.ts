/**
 * TESTPLAN S2/S20: the role × permission matrix, written out cell by cell here (not derived from the
 * product's table), so a change to who may do what is a deliberate change to this test too.
 */
import { describe, expect, test } from 'vitest';
import { PERMISSIONS, can, homePathFor } from '@/lib/auth/permissions';
import type { Permission } from '@/lib/auth/permissions';
import { ROLES, roleSetProblem } from '@/lib/auth/roles';
import type { Role } from '@/lib/auth/roles';

const Y = true;
const N = false;
//                                  press   draft  review leader  sys    sec    audit
const EXPECTED: Record<Permission, [boolean, boolean, boolean, boolean, boolean, boolean, boolean]> = {
  'monitor.read': /*             */ [Y, Y, Y, Y, N, N, N],
  'alerts.handle': /*            */ [Y, N, N, Y, N, N, N],
  'items.export': /*             */ [Y, N, N, Y, N, N, N],
  'sources.manage': /*           */ [Y, N, N, N, N, N, N],
  'settings.read': /*            */ [Y, N, N, Y, N, N, N],
  'settings.manage': /*          */ [Y, N, N, N, N, N, N],
  'replies.handle': /*           */ [Y, N, N, Y, N, N, N],
  'plans.manage': /*             */ [Y, N, N, N, N, N, N],
  'plans.run': /*                */ [Y, N, N, Y, N, N, N],
  'disclosure.read': /*          */ [Y, N, N, Y, N, N, N],
  'disclosure.manage': /*        */ [Y, N, N, N, N, N, N],
  'releases.draft': /*           */ [Y, Y, N, N, N, N, N],
  'releases.review': /*          */ [N, N, Y, N, N, N, N],
  'releases.approve': /*         */ [N, N, N, Y, N, N, N],
  'accidents.manage': /*         */ [Y, N, N, N, N, N, N],
  'digest.manage': /*            */ [Y, N, N, N, N, N, N],
  'digest.instruct': /*          */ [N, N, N, Y, N, N, N],
  'users.manage': /*             */ [N, N, N, N, Y, N, N],
  'security.manage': /*          */ [N, N, N, N, N, Y, N],
  'audit.read': /*               */ [N, N, N, N, N, N, Y],
};
const ORDER: Role[] = ['press_officer', 'drafter', 'reviewer', 'leader', 'sysadmin', 'secadmin', 'auditadmin'];

describe('role × permission', () => {
  test('the table covers every permission and role', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(PERMISSIONS).sort());
    expect([...ORDER].sort()).toEqual([...ROLES].sort());
  });

  for (const [permission, row] of Object.entries(EXPECTED) as [Permission, boolean[]][]) {
    ORDER.forEach((role, i) => {
      test(`${role} ${row[i] ? 'may' : 'may not'} ${permission}`, () => {
        expect(can([role], permission)).toBe(row[i]);
      });
    });
  }

  test('no administrator holds a business permission, and each holds exactly its own (三员分立)', () => {
    const business: Permission[] = ['monitor.read', 'alerts.handle', 'items.export', 'sources.manage', 'settings.read', 'settings.manage', 'replies.handle', 'plans.manage', 'plans.run', 'disclosure.read', 'disclosure.manage', 'releases.draft', 'releases.review', 'releases.approve', 'accidents.manage', 'digest.manage', 'digest.instruct'];
    for (const admin of ['sysadmin', 'secadmin', 'auditadmin'] as const) {
      expect(business.filter((p) => can([admin], p))).toEqual([]);
      expect((Object.keys(PERMISSIONS) as Permission[]).filter((p) => can([admin], p))).toHaveLength(1);
    }
  });

  test('no role: no permission; several business roles: the union', () => {
    for (const p of Object.keys(PERMISSIONS) as Permission[]) expect(can([], p)).toBe(false);
    expect(can(['drafter', 'leader'], 'alerts.handle')).toBe(true);
  });

  test('each role lands where it may work', () => {
    expect(homePathFor(['drafter'])).toBe('/');
    expect(homePathFor(['sysadmin'])).toBe('/admin/users');
    expect(homePathFor(['secadmin'])).toBe('/admin/security');
    expect(homePathFor(['auditadmin'])).toBe('/audit');
    expect(homePathFor([])).toBe('/account');
  });
});

describe('role sets (the same rule as the database trigger)', () => {
  test.each<[Role[], boolean]>([
    [['press_officer', 'leader'], true],
    [['drafter', 'reviewer'], true],
    [['sysadmin'], true],
    [['sysadmin', 'secadmin'], false],
    [['auditadmin', 'press_officer'], false],
    [['secadmin', 'leader'], false],
  ])('%j allowed: %s', (roles, ok) => {
    expect(roleSetProblem(roles) === null).toBe(ok);
  });
});
