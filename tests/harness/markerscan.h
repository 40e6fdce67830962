#pragma once

// Header only: the every-table scan of the privacy tests (DESIGN.md, decision 9), shared: every
// text of every column of every table of the server's database searched for a person's markers
// (id, username, name, e-mail), as tst_privacy_export does it, through the test's own way of
// reading rows.
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantList>

#include <functional>

namespace tessera::test {

// Every row a statement gives on the server's database, each as its columns' values.
using RowsOf = std::function<QList<QVariantList>(const QString &statement)>;

// One column of one table holding a marker, in how many rows.
struct MarkerHit
{
    QString table;
    QString column;
    QString marker;
    int rows = 0;

    QString toString() const
    {
        return QStringLiteral("%1.%2 holds %3 in %4 rows").arg(table, column, marker).arg(rows);
    }
};

// The server's tables (SQLite's own aside): sqlite, or else PostgreSQL.
inline QStringList scannedTables(bool sqlite, const RowsOf &rows)
{
    QStringList names;
    for (const QVariantList &row :
        rows(sqlite ? QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' AND name"
                                     " NOT LIKE 'sqlite_%' ORDER BY name")
                    : QStringLiteral("SELECT table_name FROM information_schema.tables WHERE"
                                     " table_schema = current_schema() ORDER BY table_name")))
        names.append(row.value(0).toString());
    return names;
}

inline QStringList scannedColumns(bool sqlite, const RowsOf &rows, const QString &table)
{
    QStringList names;
    for (const QVariantList &row :
        rows(sqlite ? QStringLiteral("SELECT name FROM pragma_table_info('%1') ORDER BY name")
                          .arg(table)
                    : QStringLiteral("SELECT column_name FROM information_schema.columns WHERE"
                                     " table_schema = current_schema() AND table_name = '%1'"
                                     " ORDER BY column_name")
                          .arg(table)))
        names.append(row.value(0).toString());
    return names;
}

// Every column of every table whose text holds one of markers (test data: markers are plain
// words without quotes). One statement per table, as tst_privacy_export counts them.
inline QList<MarkerHit> markerHits(bool sqlite, const RowsOf &rows, const QStringList &markers)
{
    QList<MarkerHit> hits;
    for (const QString &table : scannedTables(sqlite, rows)) {
        const QStringList columns = scannedColumns(sqlite, rows, table);
        QStringList terms;
        for (const QString &columnName : columns)
            for (const QString &marker : markers)
                terms.append(
                    QStringLiteral("COUNT(CASE WHEN CAST(%1 AS TEXT) LIKE '%%2%' THEN 1 END)")
                        .arg(columnName, marker));
        if (terms.isEmpty())
            continue;
        const QVariantList counts =
            rows(QStringLiteral("SELECT %1 FROM %2").arg(terms.join(u','), table)).value(0);
        if (counts.size() != terms.size()) { // the count failed: a hit, so the scan fails
            hits.append({ table, QStringLiteral("*"), QStringLiteral("(not read)"), -1 });
            continue;
        }
        for (qsizetype i = 0; i < counts.size(); ++i) {
            if (counts.at(i).toInt() > 0)
                hits.append({ table, columns.at(i / markers.size()), markers.at(i % markers.size()),
                    counts.at(i).toInt() });
        }
    }
    return hits;
}

} // namespace tessera::test
