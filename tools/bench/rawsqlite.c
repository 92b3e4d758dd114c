/*
 * The raw-SQLite baseline for tools/bench: the same rows, schema and indexes as a
 * Redress ledger, through SQLite's C API with no parsing, validation or hashing.
 *
 *   rawsqlite import SRC DST [ROWS]  copy every row of SRC's events (read into memory first,
 *                                 untimed) into a fresh DST, ROWS (default 10,000) rows per transaction
 *   rawsqlite stored SRC DST      what a Redress import stores: SRC's events and then every row of
 *                                 its projections' read-model tables (their own CREATE statements,
 *                                 read into memory first, untimed) into a fresh DST, one transaction:
 *                                 the SQLite work an import's writer cannot shed
 *   rawsqlite append SRC DST N    the first N rows of SRC, one durable transaction each
 *   rawsqlite scan DB             read every column of every row in position order
 *
 * Same settings as Redress: WAL, synchronous=FULL, 64 MiB page cache, BEGIN IMMEDIATE.
 * Prints "<rows> <seconds>" on standard output (import: and the seconds including the close,
 * where SQLite copies the WAL into the database file, as a third figure).
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct { const void *p; int n; } blob;
typedef struct {
    sqlite3_int64 position, version, occurred_ms, recorded_ms;
    blob event_id, complaint_id, type, occurred_at, actor, data, hash;
    int has_actor;
} row;

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }
static void check(int rc, sqlite3 *db, const char *what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) { fprintf(stderr, "%s: %s\n", what, sqlite3_errmsg(db)); exit(1); }
}
static blob copy(const void *p, int n) { blob b; void *c = malloc(n ? n : 1); memcpy(c, p, n); b.p = c; b.n = n; return b; }

static const char *schema =
    "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA cache_size=-65536;"
    "CREATE TABLE events (position INTEGER PRIMARY KEY, event_id BLOB NOT NULL, complaint_id TEXT NOT NULL,"
    " version INTEGER NOT NULL CHECK (version >= 1), type TEXT NOT NULL, occurred_at TEXT NOT NULL, occurred_ms INTEGER NOT NULL,"
    " recorded_ms INTEGER NOT NULL, actor TEXT, data TEXT NOT NULL, hash BLOB NOT NULL);"
    "CREATE UNIQUE INDEX events_event_id ON events(event_id);"
    "CREATE UNIQUE INDEX events_stream ON events(complaint_id, version);";

static row *load(const char *path, long limit, long *count) {
    sqlite3 *db; check(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), db, "open source");
    sqlite3_stmt *s;
    check(sqlite3_prepare_v2(db, "SELECT position, event_id, complaint_id, version, type, occurred_at, occurred_ms, recorded_ms, actor, data, hash"
                                 " FROM events ORDER BY position LIMIT ?", -1, &s, NULL), db, "prepare");
    sqlite3_bind_int64(s, 1, limit);
    long cap = 1 << 16, n = 0;
    row *rows = malloc(sizeof(row) * cap);
    while (sqlite3_step(s) == SQLITE_ROW) {
        if (n == cap) { cap *= 2; rows = realloc(rows, sizeof(row) * cap); }
        row *r = &rows[n++];
        r->position = sqlite3_column_int64(s, 0);
        r->event_id = copy(sqlite3_column_blob(s, 1), sqlite3_column_bytes(s, 1));
        r->complaint_id = copy(sqlite3_column_text(s, 2), sqlite3_column_bytes(s, 2));
        r->version = sqlite3_column_int64(s, 3);
        r->type = copy(sqlite3_column_text(s, 4), sqlite3_column_bytes(s, 4));
        r->occurred_at = copy(sqlite3_column_text(s, 5), sqlite3_column_bytes(s, 5));
        r->occurred_ms = sqlite3_column_int64(s, 6);
        r->recorded_ms = sqlite3_column_int64(s, 7);
        r->has_actor = sqlite3_column_type(s, 8) != SQLITE_NULL;
        r->actor = copy(sqlite3_column_text(s, 8), sqlite3_column_bytes(s, 8));
        r->data = copy(sqlite3_column_text(s, 9), sqlite3_column_bytes(s, 9));
        r->hash = copy(sqlite3_column_blob(s, 10), sqlite3_column_bytes(s, 10));
    }
    sqlite3_finalize(s);
    sqlite3_close(db);
    *count = n;
    return rows;
}

static void bind(sqlite3_stmt *s, const row *r) {
    sqlite3_bind_int64(s, 1, r->position);
    sqlite3_bind_blob(s, 2, r->event_id.p, r->event_id.n, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, r->complaint_id.p, r->complaint_id.n, SQLITE_STATIC);
    sqlite3_bind_int64(s, 4, r->version);
    sqlite3_bind_text(s, 5, r->type.p, r->type.n, SQLITE_STATIC);
    sqlite3_bind_text(s, 6, r->occurred_at.p, r->occurred_at.n, SQLITE_STATIC);
    sqlite3_bind_int64(s, 7, r->occurred_ms);
    sqlite3_bind_int64(s, 8, r->recorded_ms);
    if (r->has_actor) sqlite3_bind_text(s, 9, r->actor.p, r->actor.n, SQLITE_STATIC); else sqlite3_bind_null(s, 9);
    sqlite3_bind_text(s, 10, r->data.p, r->data.n, SQLITE_STATIC);
    sqlite3_bind_blob(s, 11, r->hash.p, r->hash.n, SQLITE_STATIC);
}

static sqlite3 *create(const char *path, sqlite3_stmt **insert) {
    remove(path);
    sqlite3 *db; check(sqlite3_open(path, &db), db, "open target");
    check(sqlite3_exec(db, schema, NULL, NULL, NULL), db, "schema");
    check(sqlite3_prepare_v2(db, "INSERT INTO events (position, event_id, complaint_id, version, type, occurred_at, occurred_ms, recorded_ms, actor, data, hash)"
                                 " VALUES (?,?,?,?,?,?,?,?,?,?,?)", -1, insert, NULL), db, "prepare insert");
    return db;
}

/* A read-model table of SRC: its CREATE statements and its rows as values. */
typedef struct { char *create; char *insert; int columns; long n; sqlite3_value **values; } table;

static int load_tables(const char *path, table *out, int max) {
    sqlite3 *db; check(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), db, "open source");
    sqlite3_stmt *s;
    check(sqlite3_prepare_v2(db, "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND (name LIKE 'recovery%' OR name LIKE 'rewards%')"
                                 " ORDER BY name", -1, &s, NULL), db, "prepare tables");
    int count = 0;
    while (sqlite3_step(s) == SQLITE_ROW && count < max) {
        table *t = &out[count++];
        const char *name = (const char *)sqlite3_column_text(s, 0);
        char sql[4096];
        /* The table and its indexes, as SRC has them. */
        sqlite3_stmt *idx; size_t len = 0; sql[0] = 0;
        check(sqlite3_prepare_v2(db, "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL ORDER BY type DESC", -1, &idx, NULL), db, "prepare indexes");
        sqlite3_bind_text(idx, 1, name, -1, SQLITE_TRANSIENT);
        while (sqlite3_step(idx) == SQLITE_ROW) len += snprintf(sql + len, sizeof sql - len, "%s;", (const char *)sqlite3_column_text(idx, 0));
        sqlite3_finalize(idx);
        t->create = strdup(sql);
        snprintf(sql, sizeof sql, "SELECT * FROM \"%s\"", name);
        sqlite3_stmt *rows; check(sqlite3_prepare_v2(db, sql, -1, &rows, NULL), db, "prepare rows");
        t->columns = sqlite3_column_count(rows);
        len = snprintf(sql, sizeof sql, "INSERT INTO \"%s\" VALUES (?", name);
        for (int c = 1; c < t->columns; c++) len += snprintf(sql + len, sizeof sql - len, ",?");
        snprintf(sql + len, sizeof sql - len, ")");
        t->insert = strdup(sql);
        long cap = 1 << 16; t->n = 0; t->values = malloc(sizeof(sqlite3_value *) * cap * t->columns);
        while (sqlite3_step(rows) == SQLITE_ROW) {
            if (t->n == cap) { cap *= 2; t->values = realloc(t->values, sizeof(sqlite3_value *) * cap * t->columns); }
            for (int c = 0; c < t->columns; c++) t->values[t->n * t->columns + c] = sqlite3_value_dup(sqlite3_column_value(rows, c));
            t->n++;
        }
        sqlite3_finalize(rows);
    }
    sqlite3_finalize(s);
    sqlite3_close(db);
    return count;
}

int main(int argc, char **argv) {
    if (argc >= 4 && strcmp(argv[1], "stored") == 0) {
        long n; row *rows = load(argv[2], -1, &n);
        table tables[8]; int count = load_tables(argv[2], tables, 8);
        sqlite3_stmt *ins; sqlite3 *db = create(argv[3], &ins);
        sqlite3_stmt *tins[8]; long more = 0;
        for (int t = 0; t < count; t++) {
            check(sqlite3_exec(db, tables[t].create, NULL, NULL, NULL), db, tables[t].create);
            check(sqlite3_prepare_v2(db, tables[t].insert, -1, &tins[t], NULL), db, "prepare table insert");
        }
        double t0 = now();
        check(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), db, "begin");
        for (long k = 0; k < n; k++) {
            bind(ins, &rows[k]);
            check(sqlite3_step(ins), db, "insert");
            sqlite3_reset(ins);
        }
        for (int t = 0; t < count; t++) {
            for (long k = 0; k < tables[t].n; k++) {
                for (int c = 0; c < tables[t].columns; c++) sqlite3_bind_value(tins[t], c + 1, tables[t].values[k * tables[t].columns + c]);
                check(sqlite3_step(tins[t]), db, "insert read model");
                sqlite3_reset(tins[t]);
            }
            more += tables[t].n;
            sqlite3_finalize(tins[t]);
        }
        check(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), db, "commit");
        double t = now() - t0;
        sqlite3_finalize(ins); sqlite3_close(db);
        printf("%ld %.6f %.6f %ld\n", n, t, now() - t0, more);
        return 0;
    }
    if (argc >= 4 && strcmp(argv[1], "import") == 0) {
        long n; row *rows = load(argv[2], -1, &n);
        long per = argc >= 5 ? atol(argv[4]) : 10000;
        if (per < 1) per = n > 0 ? n : 1;
        sqlite3_stmt *ins; sqlite3 *db = create(argv[3], &ins);
        double t0 = now();
        for (long i = 0; i < n; i += per) {
            check(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), db, "begin");
            for (long k = i; k < n && k < i + per; k++) {
                bind(ins, &rows[k]);
                check(sqlite3_step(ins), db, "insert");
                sqlite3_reset(ins);
            }
            check(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), db, "commit");
        }
        double t = now() - t0;
        sqlite3_finalize(ins); sqlite3_close(db);
        printf("%ld %.6f %.6f\n", n, t, now() - t0);
        return 0;
    }
    if (argc >= 5 && strcmp(argv[1], "append") == 0) {
        long n; row *rows = load(argv[2], atol(argv[4]), &n);
        sqlite3_stmt *ins; sqlite3 *db = create(argv[3], &ins);
        double t0 = now();
        for (long k = 0; k < n; k++) {
            check(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), db, "begin");
            bind(ins, &rows[k]);
            check(sqlite3_step(ins), db, "insert");
            sqlite3_reset(ins);
            check(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), db, "commit");
        }
        double t = now() - t0;
        sqlite3_finalize(ins); sqlite3_close(db);
        printf("%ld %.6f\n", n, t);
        return 0;
    }
    if (argc >= 3 && strcmp(argv[1], "scan") == 0) {
        sqlite3 *db; check(sqlite3_open_v2(argv[2], &db, SQLITE_OPEN_READONLY, NULL), db, "open");
        sqlite3_exec(db, "PRAGMA cache_size=-65536", NULL, NULL, NULL);
        sqlite3_stmt *s;
        check(sqlite3_prepare_v2(db, "SELECT position, event_id, complaint_id, version, type, occurred_at, occurred_ms, recorded_ms, actor, data, hash"
                                     " FROM events ORDER BY position", -1, &s, NULL), db, "prepare");
        double t0 = now();
        long n = 0; unsigned long bytes = 0; sqlite3_int64 sum = 0;
        while (sqlite3_step(s) == SQLITE_ROW) {
            n++;
            sum += sqlite3_column_int64(s, 0) + sqlite3_column_int64(s, 3) + sqlite3_column_int64(s, 6) + sqlite3_column_int64(s, 7);
            for (int c = 1; c <= 10; c++) {
                if (c == 3 || c == 6 || c == 7) continue;
                const void *p = (c == 1 || c == 10) ? sqlite3_column_blob(s, c) : (const void *)sqlite3_column_text(s, c);
                bytes += sqlite3_column_bytes(s, c) + (p != NULL);
            }
        }
        double t = now() - t0;
        sqlite3_finalize(s); sqlite3_close(db);
        printf("%ld %.6f\n", n, t);
        fprintf(stderr, "checksum %lld %lu\n", (long long)sum, bytes);
        return 0;
    }
    fprintf(stderr, "usage: rawsqlite import SRC DST | stored SRC DST | append SRC DST N | scan DB\n");
    return 2;
}
