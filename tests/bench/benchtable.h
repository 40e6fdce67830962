#pragma once

#include <QList>
#include <QString>

namespace tessera::bench {

// One benchmark's results: a figure per row, the Tessera part and its peer side by side, and the
// ratio Tessera / peer. Printed as a Markdown table (scripts/bench.sh writes it into
// docs/BENCHMARK-RESULTS.md).
class BenchTable
{
public:
    enum class Better { Higher, Lower };

    BenchTable(QString subject, QString peer);

    void add(const QString &figure, const QString &unit, Better better, double subject, double peer,
        int decimals = 0);
    void addNote(const QString &note);
    bool isEmpty() const { return m_rows.isEmpty(); }

    QString toMarkdown() const;

private:
    struct Row
    {
        QString figure;
        QString unit;
        Better better;
        double subject;
        double peer;
        int decimals;
    };
    QString m_subject;
    QString m_peer;
    QList<Row> m_rows;
    QStringList m_notes;
};

// Prints a benchmark's report (Markdown) on standard output and, when TESSERA_BENCH_REPORT_DIR
// is set, writes it to that folder as fileName (scripts/bench.sh puts it into
// docs/BENCHMARK-RESULTS.md).
void publishReport(const QString &markdown, const QString &fileName);

} // namespace tessera::bench
