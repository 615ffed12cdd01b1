/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native modules are loaded by Node at run time, never bundled (Turbopack cannot bundle .node files).
  serverExternalPackages: ['better-sqlite3', '@prisma/adapter-better-sqlite3', '@prisma/client', 'iconv-lite', '@node-rs/jieba', '@node-rs/argon2'],
  poweredByHeader: false,
  // forbidden() renders app/forbidden.tsx with status 403 when the DAL refuses a permission.
  experimental: { authInterrupts: true },
  reactStrictMode: true,
  typescript: { tsconfigPath: './tsconfig.json' },
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Referrer-Policy', value: 'no-referrer' },
        ],
      },
    ];
  },
};

export default nextConfig;
