/** The config format's version (schema.ts; older versions are migrated: migrate.ts). Its own module: reading a config needs it, checking one needs the schema too (a lazy chunk). */
export const CONFIG_VERSION = 2;
