#include "benchtable.h"

#include <QFile>
#include <QLocale>

#include <cstdio>

namespace tessera::bench {

BenchTable::BenchTable(QString subject, QString peer)
    : m_subject(std::move(subject))
    , m_peer(std::move(peer))
{ }

void BenchTable::add(const QString &figure, const QString &unit, Better better, double subject,
    double peer, int decimals)
{
    m_rows.append(Row { figure, unit, better, subject, peer, decimals });
}

void BenchTable::addNote(const QString &note)
{
    m_notes.append(note);
}

QString BenchTable::toMarkdown() const
{
    const QLocale c = QLocale::c();
    const auto number = [&c](double value, int decimals) {
        QLocale grouped = c;
        grouped.setNumberOptions(QLocale::DefaultNumberOptions); // thousands separators
        return grouped.toString(value, 'f', decimals);
    };
    QString text =
        QStringLiteral("| figure | %1 | %2 | ratio %1 / %2 | better |\n").arg(m_subject, m_peer);
    text += QStringLiteral("|---|---:|---:|---:|---|\n");
    for (const Row &row : m_rows) {
        const QString ratio = row.peer > 0
            ? c.toString(row.subject / row.peer, 'f', 2) + QStringLiteral("×")
            : QStringLiteral("n/a");
        text += QStringLiteral("| %1 (%2) | %3 | %4 | %5 | %6 |\n")
                    .arg(row.figure, row.unit, number(row.subject, row.decimals),
                        number(row.peer, row.decimals), ratio,
                        row.better == Better::Higher ? QStringLiteral("higher")
                                                     : QStringLiteral("lower"));
    }
    if (!m_notes.isEmpty()) {
        text += QLatin1Char('\n');
        for (const QString &note : m_notes)
            text += QStringLiteral("- ") + note + QLatin1Char('\n');
    }
    return text;
}

void publishReport(const QString &markdown, const QString &fileName)
{
    std::fprintf(stdout, "\n%s\n", qPrintable(markdown));
    std::fflush(stdout);
    const QString reportDir = qEnvironmentVariable("TESSERA_BENCH_REPORT_DIR");
    if (reportDir.isEmpty())
        return;
    QFile file(reportDir + QLatin1Char('/') + fileName);
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        file.write(markdown.toUtf8());
    else
        std::fprintf(stderr, "cannot write %s\n", qPrintable(file.fileName()));
}

} // namespace tessera::bench
