#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace tessera::server {

// Bounds one answer of a delta read (GET /v1/cards, GET /v1/services): at most maxRows rows of
// the change order and, past the first row, at most maxBytes of compact JSON, so a page of large
// objects is never the count limit times their size. A row that does not go in ends the page:
// the answer says more and its cursor is the last row taken, from which the next page continues.
class PageBudget
{
public:
    static constexpr qsizetype defaultMaxBytes = qsizetype(1024) * 1024;

    explicit PageBudget(int maxRows, qsizetype maxBytes = defaultMaxBytes);

    // Whether the next row goes in this page, answering bytes of JSON (0 for a row the reader
    // does not see); the first row always does. A row that goes in is counted.
    bool take(qsizetype bytes);
    // The compact JSON size of an object in an answer's array, and of an id in a "removed" list.
    static qsizetype sizeOf(const QJsonObject &object);
    static qsizetype sizeOf(const QString &id);
    // The same for an object already written as compact JSON (and its comma).
    static qsizetype sizeOfWritten(const QByteArray &compactJson) { return compactJson.size() + 1; }

private:
    int m_maxRows;
    qsizetype m_maxBytes;
    int m_rows = 0;
    qsizetype m_bytes = 0;
};

} // namespace tessera::server
