#!/usr/bin/env node
// A drop-in for Prisma's native schema engine binary, for machines that cannot download it.
//
// The Prisma CLI spawns `PRISMA_SCHEMA_ENGINE_BINARY` and speaks JSON-RPC 2.0 to it, one message a
// line on stdio (docs/references.md [prisma-schema-engine-cli]). This program answers the same
// protocol by delegating to the WebAssembly build of the same engine (`@prisma/schema-engine-wasm`,
// pinned to the engine version of our `prisma` package), which reaches PostgreSQL through the
// driver adapter the app itself uses (`@prisma/adapter-pg`).
//
// prisma.config.ts points the CLI here only when no native engine is available.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createInterface } from "node:readline";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";

const require = createRequire(import.meta.url);

// ---------------------------------------------------------------------------------------------
// Arguments, as the CLI passes them: --datamodels <file>..., --datasource <json>, [cli <command>]
// ---------------------------------------------------------------------------------------------
function parseArgs(argv) {
  const args = { datamodels: [], datasource: {}, cli: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--datamodels") args.datamodels.push(argv[++i]);
    else if (a === "--datasource") args.datasource = JSON.parse(argv[++i]);
    else if (a === "--enabled-preview-features" || a === "--extension-types") i++;
    else if (a === "cli") args.cli = argv[++i];
    else if (a === "--version" || a === "-V") args.cli = "--version";
  }
  return args;
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL through adapter-pg, with the two fixes the WASM engine needs
// ---------------------------------------------------------------------------------------------

// The engine reads pg_catalog columns of type "char" (OID 18), which adapter-pg refuses to map
// ("UnsupportedNativeDataType"). The pg client below reports them as text so adapter-pg reads
// them, remembers which columns they were (keyed by the rows array adapter-pg passes through),
// and the adapter wrapper gives them back the driver-adapter type Character, which is what the
// engine asks for.
const PG_CHAR = 18;
const PG_TEXT = 25;
const CHARACTER_COLUMN = 6; // ColumnTypeEnum.Character in @prisma/driver-adapter-utils
const charColumnsOf = new WeakMap();

function markCharColumns(result) {
  for (const r of Array.isArray(result) ? result : [result]) {
    const indices = [];
    (r?.fields ?? []).forEach((f, i) => {
      if (f.dataTypeID === PG_CHAR) {
        f.dataTypeID = PG_TEXT;
        indices.push(i);
      }
    });
    if (indices.length && r.rows) charColumnsOf.set(r.rows, indices);
  }
  return result;
}

class CharAsTextClient extends pg.Client {
  query(config, values, callback) {
    if (config && typeof config.submit === "function") return super.query(config, values, callback);
    if (typeof values === "function") {
      callback = values;
      values = undefined;
    }
    if (typeof callback === "function") {
      return super.query(config, values, (err, res) =>
        callback(err, err ? res : markCharColumns(res)),
      );
    }
    return super.query(config, values).then(markCharColumns);
  }
}

function withCharColumns(queryable) {
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const i of charColumnsOf.get(result.rows) ?? []) result.columnTypes[i] = CHARACTER_COLUMN;
    return result;
  };
  if (typeof queryable.startTransaction === "function") {
    const startTransaction = queryable.startTransaction.bind(queryable);
    queryable.startTransaction = async (...args) =>
      withCharColumns(await startTransaction(...args));
  }
  return queryable;
}

async function connectAdapter(url) {
  return withCharColumns(
    await new PrismaPg(poolFor(url), {
      schema: schemaOf(url),
      disposeExternalPool: true,
    }).connect(),
  );
}

function poolFor(url) {
  return new pg.Pool({ connectionString: url, Client: CharAsTextClient, max: 4 });
}

function schemaOf(url) {
  try {
    return new URL(url).searchParams.get("schema") || "public";
  } catch {
    return "public";
  }
}

function quoteIdent(name) {
  return `"${String(name).replaceAll('"', '""')}"`;
}

function withDatabase(url, database) {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

class MigrationAdapterFactory {
  provider = "postgres";
  adapterName = "@prisma/adapter-pg";

  constructor(url, shadowDatabaseUrl) {
    this.url = url;
    this.shadowDatabaseUrl = shadowDatabaseUrl;
  }

  connect() {
    return connectAdapter(this.url);
  }

  async connectToShadowDb() {
    if (this.shadowDatabaseUrl) {
      // A configured shadow database (the only choice on servers without CREATE DATABASE, such
      // as PGlite) is emptied first, as the native engine does.
      const schema = quoteIdent(schemaOf(this.shadowDatabaseUrl));
      const admin = poolFor(this.shadowDatabaseUrl);
      try {
        await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await admin.query(`CREATE SCHEMA ${schema}`);
      } finally {
        await admin.end();
      }
      return connectAdapter(this.shadowDatabaseUrl);
    }
    // adapter-pg's own connectToShadowDb drops the temporary database while its pool still holds
    // connections, which PostgreSQL refuses; here the pool is closed first.
    const database = `prisma_migrate_shadow_db_${randomUUID()}`;
    const admin = poolFor(this.url);
    await admin.query(`CREATE DATABASE ${quoteIdent(database)}`);
    const shadowUrl = withDatabase(this.url, database);
    const adapter = await connectAdapter(shadowUrl);
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)}`);
      } finally {
        await admin.end();
      }
    };
    return adapter;
  }
}

// On a fresh database the WASM engine expects the migrations table to exist before it applies the
// first migration. This is the table the native engine creates, column for column.
async function ensureMigrationsTable(url) {
  const pool = poolFor(url);
  try {
    await pool.query(`CREATE TABLE IF NOT EXISTS ${quoteIdent(schemaOf(url))}."_prisma_migrations" (
      "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum"            VARCHAR(64) NOT NULL,
      "finished_at"         TIMESTAMPTZ,
      "migration_name"      VARCHAR(255) NOT NULL,
      "logs"                TEXT,
      "rolled_back_at"      TIMESTAMPTZ,
      "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0
    )`);
  } finally {
    await pool.end();
  }
}

// ---------------------------------------------------------------------------------------------
// The WASM engine, loaded without --experimental-wasm-modules
// ---------------------------------------------------------------------------------------------
async function loadEngineModule() {
  // The engine reports a Rust panic's message here before it throws.
  globalThis.PRISMA_WASM_PANIC_REGISTRY ??= {
    set_message(message) {
      process.stderr.write(`${logLine("ERROR", `panic: ${message}`)}\n`);
    },
  };
  const bgPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const bindings = await import(bgPath);
  const bytes = readFileSync(bgPath.replace(/\.js$/, ".wasm"));
  const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bindings });
  bindings.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start?.();
  return bindings;
}

// ---------------------------------------------------------------------------------------------
// Logging and errors, in the shapes the CLI parses from the native engine
// ---------------------------------------------------------------------------------------------
function logLine(level, message, extra = {}) {
  return JSON.stringify({
    timestamp: new Date().toISOString(),
    level,
    fields: { message, ...extra },
    target: "schema_engine::logger",
  });
}

function knownErrorCode(error) {
  const code = error?.code;
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EHOSTUNREACH") return "P1001";
  if (code === "ETIMEDOUT") return "P1002";
  if (code === "3D000") return "P1003";
  if (code === "28P01" || code === "28000") return "P1000";
  return undefined;
}

function rpcError(error) {
  const message = String(error?.message ?? error);
  const errorCode = error?.error_code ?? error?.errorCode ?? knownErrorCode(error);
  return {
    code: 4466,
    message: "An error happened. Check the data field for details.",
    data: { is_panic: false, message, error_code: errorCode, meta: error?.meta },
  };
}

// `cli <command>` mode: exit status and stderr are the answer. The CLI skips stderr's first line
// and parses every other line as JSON, so no trailing newline.
async function runCliCommand(command, url) {
  if (command === "--version") {
    const { version } = require("@prisma/schema-engine-wasm/package.json");
    process.stdout.write(`schema-engine-wasm ${version}\n`);
    return 0;
  }
  if (!url) {
    process.stderr.write(`schema-engine\n${logLine("ERROR", "No database URL was given.")}`);
    return 1;
  }
  const run = async (targetUrl, sql) => {
    const client = new pg.Client({ connectionString: targetUrl });
    await client.connect();
    try {
      if (sql) await client.query(sql);
    } finally {
      await client.end();
    }
  };
  try {
    if (command === "can-connect-to-database") await run(url);
    else if (command === "create-database") {
      const database = decodeURIComponent(new URL(url).pathname.slice(1)) || "postgres";
      await run(withDatabase(url, "postgres"), `CREATE DATABASE ${quoteIdent(database)}`);
    } else throw new Error(`Unknown command: cli ${command}`);
    return 0;
  } catch (error) {
    const extra = { error_code: knownErrorCode(error) ?? "P1000" };
    process.stderr.write(`schema-engine\n${logLine("ERROR", String(error.message), extra)}`);
    return 1;
  }
}

async function withHistoryFallback(run, fallback) {
  try {
    return await run();
  } catch (error) {
    if (!/shadow DB must be provided through an external factory/.test(String(error?.message)))
      throw error;
    return fallback();
  }
}

async function nextMigrationScript(engine, { migrationsList, schema, filters }) {
  const diff = await engine.diff({
    from: { tag: "migrations", ...migrationsList },
    to: { tag: "schemaDatamodel", files: schema.files },
    script: true,
    exitCode: null,
    filters,
  });
  return diff.stdout ?? "";
}

function countStatements(script) {
  return script
    .split("\n")
    .filter((line) => line.trim() && !line.trim().startsWith("--"))
    .join("\n")
    .split(";")
    .filter((statement) => statement.trim()).length;
}

/** `20240131120000_name`, as the native engine names a migration's directory. */
function migrationDirectoryName(name) {
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const slug = String(name ?? "")
    .replace(/[^A-Za-z0-9_]+/g, "_")
    .replace(/^_+|_+$/g, "");
  return slug ? `${stamp}_${slug}` : stamp;
}

// ---------------------------------------------------------------------------------------------
// JSON-RPC over stdio
// ---------------------------------------------------------------------------------------------
async function serve({ datamodels, datasource }) {
  const url = datasource.url;
  const shadowDatabaseUrl = datasource.shadowDatabaseUrl ?? datasource.shadow_database_url;
  const { SchemaEngine } = await loadEngineModule();
  // Commands that take their schemas as parameters (`migrate diff`) pass no --datamodels, but the
  // WASM engine needs one to know its connector.
  const files = datamodels.length
    ? datamodels.map((path) => [path, readFileSync(path, "utf8")])
    : [["schema.prisma", 'datasource db {\n  provider = "postgresql"\n}\n']];
  const factory = bindMigrationAwareSqlAdapterFactory(
    new MigrationAdapterFactory(url, shadowDatabaseUrl),
  );
  const onLog = (line) =>
    process.stderr.write(`${typeof line === "string" ? line : JSON.stringify(line)}\n`);
  // A fresh engine for every request: the WASM engine loses its shadow-database factory after
  // applying migrations ("PostgreSQL shadow DB must be provided through an external factory" in
  // the `migrate dev` that follows), while the native engine keeps no such state between requests.
  let engine;
  const getEngine = async () => {
    engine?.free();
    engine = await SchemaEngine.new({ datamodels: files }, onLog, factory);
    return engine;
  };

  const send = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);
  let nextPrintId = 1_000_000;

  const methods = {
    getDatabaseVersion: async (e, params) => e.version(params ?? null),
    createDatabase: async () => {
      const code = await runCliCommand("create-database", url);
      if (code !== 0) throw new Error("Could not create the database.");
      return { databaseName: decodeURIComponent(new URL(url).pathname.slice(1)) };
    },
    applyMigrations: async (e, params) => {
      await ensureMigrationsTable(url);
      return e.applyMigrations(params);
    },
    // The WASM engine's evaluateDataLoss and createMigration replay the migration history without
    // the shadow-database factory that devDiagnostic and diff use, and fail whenever there are
    // migrations ("PostgreSQL shadow DB must be provided through an external factory"). Both
    // answer "what would the next migration be?", which a diff from the migrations (replayed on
    // the shadow database) to the schema answers too. Destructive-change warnings are not
    // computed this way; review the generated migration.sql, as always.
    evaluateDataLoss: async (e, params) =>
      withHistoryFallback(
        () => e.evaluateDataLoss(params),
        async () => {
          const script = await nextMigrationScript(e, params);
          return { migrationSteps: countStatements(script), unexecutableSteps: [], warnings: [] };
        },
      ),
    createMigration: async (e, params) =>
      withHistoryFallback(
        () => e.createMigration(params),
        async () => {
          const script = await nextMigrationScript(e, params);
          const empty = countStatements(script) === 0;
          return {
            connectorType: "postgresql",
            generatedMigrationName: migrationDirectoryName(params.migrationName),
            migrationScript:
              empty && !params.draft ? null : empty ? "-- This is an empty migration." : script,
            extension: "sql",
          };
        },
      ),
    diff: async (e, params) => {
      const result = await e.diff(params);
      // The native engine prints the diff through a `print` request to the CLI, which captures it
      // for `--output`; the WASM engine returns it instead.
      if (result?.stdout)
        send({
          jsonrpc: "2.0",
          id: nextPrintId++,
          method: "print",
          params: { content: result.stdout },
        });
      return { ...result, stdout: null };
    },
  };

  // Requests run one after another, in the order they arrive, as the native engine does.
  let queue = Promise.resolve();
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  rl.on("line", (line) => {
    if (!line.trim()) return;
    let message;
    try {
      message = JSON.parse(line);
    } catch {
      return;
    }
    if (message.method === undefined) return; // a reply to our `print` request
    queue = queue.then(async () => {
      try {
        const e = await getEngine();
        const handler = methods[message.method];
        let result;
        if (handler) result = await handler(e, message.params);
        else if (typeof e[message.method] === "function")
          result = await e[message.method](message.params ?? {});
        else throw new Error(`Method not found: ${message.method}`);
        send({ jsonrpc: "2.0", id: message.id, result: result ?? {} });
      } catch (error) {
        send({ jsonrpc: "2.0", id: message.id, error: rpcError(error) });
      }
    });
  });
  rl.on("close", () => {
    queue.then(() => process.exit(0));
  });
}

const args = parseArgs(process.argv.slice(2));
if (args.cli) {
  process.exitCode = await runCliCommand(args.cli, args.datasource.url);
} else {
  await serve(args);
}
