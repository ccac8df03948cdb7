@testable import Storage
import Testing

@Suite struct QueryTextTests {
    @Test func sanitized_literals_becomePlaceholders() {
        let sql = "SELECT * FROM orders WHERE id = 'o-''7' AND total > 12.5 AND v2 = $1 LIMIT 10"
        #expect(QueryText.sanitized(sql) == "SELECT * FROM orders WHERE id = ? AND total > ? AND v2 = $1 LIMIT ?")
    }

    @Test func sanitized_boundParametersOnly_isUnchanged() {
        let sql = "UPDATE outbox SET sent_at = $1 WHERE seq = $2"
        #expect(QueryText.sanitized(sql) == sql)
    }

    @Test(arguments: [
        ("SELECT count(*) FROM outbox WHERE sent_at IS NULL", "SELECT outbox"),
        ("insert into inbox (a) values ($1)", "INSERT inbox"),
        ("UPDATE outbox SET x = 1", "UPDATE outbox"),
        ("CREATE TABLE IF NOT EXISTS schema_migrations (a TEXT)", "CREATE schema_migrations"),
        ("BEGIN", "BEGIN"),
    ])
    func summary_statement_isOperationAndFirstTable(sql: String, summary: String) {
        #expect(QueryText.summary(of: sql) == summary)
    }

    @Test func positional_dollarPlaceholders_becomeSQLiteNumbered() {
        #expect(SQLiteTransaction.positional("SELECT $1, $12, '$x' FROM t") == "SELECT ?1, ?12, '$x' FROM t")
    }
}
