using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace FastMesos.Marathon.State;

/// <summary>
/// One prepared statement of the store's writer, bound by position and stepped through SQLitePCLRaw
/// (the layer under Microsoft.Data.Sqlite). <see cref="SqliteCommand"/> costs more than the write it
/// carries here: every execution creates a data reader and binds each parameter by name, converting
/// the name to UTF-8 anew (a quarter of the writer thread's samples at a million Marathon tasks,
/// perf-reports/2026-12-05-codec-and-store.md). Keys are bound from a reused UTF-8 buffer and
/// values as spans, so a write allocates nothing. Not thread-safe: the writer thread owns it.
/// </summary>
internal sealed class SqliteRawStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private byte[] _text = new byte[256];

    public SqliteRawStatement(sqlite3 db, string sql)
    {
        _db = db;
        Check(raw.sqlite3_prepare_v2(db, sql, out _statement));
    }

    /// <summary>Binds <paramref name="value"/> as UTF-8 text to the <paramref name="index"/>-th parameter (from 1).</summary>
    public void BindText(int index, string value)
    {
        int length = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (_text.Length < length)
            _text = new byte[Math.Max(length, _text.Length * 2)];
        int written = Encoding.UTF8.GetBytes(value, _text);
        Check(raw.sqlite3_bind_text(_statement, index, _text.AsSpan(0, written)));
    }

    /// <summary>Binds <paramref name="utf8"/>, text already encoded, to the <paramref name="index"/>-th parameter (from 1).</summary>
    public void BindText(int index, ReadOnlySpan<byte> utf8) => Check(raw.sqlite3_bind_text(_statement, index, utf8));

    /// <summary>Binds <paramref name="value"/> as a blob to the <paramref name="index"/>-th parameter (from 1).</summary>
    public void BindBlob(int index, ReadOnlySpan<byte> value) => Check(raw.sqlite3_bind_blob(_statement, index, value));

    /// <summary>Runs the statement to completion (it returns no rows) and resets it for the next bindings.</summary>
    public void Run()
    {
        int rc = raw.sqlite3_step(_statement);
        raw.sqlite3_reset(_statement);
        if (rc != raw.SQLITE_DONE)
            SqliteException.ThrowExceptionForRC(rc, _db);
    }

    /// <summary>Runs <paramref name="sql"/> (statements without parameters or rows: BEGIN, COMMIT) on <paramref name="db"/>.</summary>
    public static void Execute(sqlite3 db, string sql)
    {
        int rc = raw.sqlite3_exec(db, sql);
        if (rc != raw.SQLITE_OK)
            SqliteException.ThrowExceptionForRC(rc, db);
    }

    public void Dispose() => _statement.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
            SqliteException.ThrowExceptionForRC(rc, _db);
    }
}
