import { defineConfig } from 'prisma/config';

// The datasource URL is only needed by `prisma migrate`/`studio`; the app itself
// resolves its database at run time (lib/db/config.ts).
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:54320/fleetledger' },
});
