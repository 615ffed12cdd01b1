/**
 * One SQLite connection per process, and nothing runs on it while a transaction is open.
 *
 * The better-sqlite3 adapter serialises transactions among themselves only; a plain query issued
 * meanwhile (a lease claim, a heartbeat) runs on the same connection *inside* the open
 * transaction and is rolled back with it. This wrapper puts every top-level query and every
 * transaction behind one mutex, so a transaction really is isolated from the rest of the process.
 */
import type {
  IsolationLevel,
  SqlDriverAdapter,
  SqlDriverAdapterFactory,
  SqlQuery,
  Transaction,
} from '@prisma/driver-adapter-utils';

type Release = () => void;

class Mutex {
  private tail: Promise<void> = Promise.resolve();

  acquire(): Promise<Release> {
    let release!: Release;
    const held = new Promise<void>((r) => (release = r));
    const ready = this.tail.then(() => release);
    this.tail = this.tail.then(() => held);
    return ready;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

/** The transaction keeps the mutex until the engine commits or rolls back. */
function holdUntilDone(tx: Transaction, release: Release): Transaction {
  let done = false;
  const finish = async (end: () => Promise<void>): Promise<void> => {
    try {
      await end();
    } finally {
      if (!done) {
        done = true;
        release();
      }
    }
  };
  return new Proxy(tx, {
    get(target, prop, receiver) {
      if (prop === 'commit') return () => finish(() => target.commit());
      if (prop === 'rollback') return () => finish(() => target.rollback());
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function serialiseAdapter(inner: SqlDriverAdapter): SqlDriverAdapter {
  const mutex = new Mutex();
  return new Proxy(inner, {
    get(target, prop, receiver) {
      switch (prop) {
        case 'queryRaw':
          return (q: SqlQuery) => mutex.run(() => target.queryRaw(q));
        case 'executeRaw':
          return (q: SqlQuery) => mutex.run(() => target.executeRaw(q));
        case 'executeScript':
          return (script: string) => mutex.run(() => target.executeScript(script));
        case 'startTransaction':
          return async (level?: IsolationLevel) => {
            const release = await mutex.acquire();
            try {
              return holdUntilDone(await target.startTransaction(level), release);
            } catch (e) {
              release();
              throw e;
            }
          };
        default: {
          const value: unknown = Reflect.get(target, prop, receiver);
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        }
      }
    },
  });
}

export function serialisedFactory(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => serialiseAdapter(await factory.connect()),
  };
}
