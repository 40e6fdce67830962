#include "feed/pagebudget.h"

#include <QJsonDocument>

namespace tessera::server {

PageBudget::PageBudget(int maxRows, qsizetype maxBytes)
    : m_maxRows(maxRows)
    , m_maxBytes(maxBytes)
{ }

bool PageBudget::take(qsizetype bytes)
{
    if (m_rows >= m_maxRows || (m_rows > 0 && m_bytes + bytes > m_maxBytes))
        return false;
    ++m_rows;
    m_bytes += bytes;
    return true;
}

qsizetype PageBudget::sizeOf(const QJsonObject &object)
{
    return sizeOfWritten(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

qsizetype PageBudget::sizeOf(const QString &id)
{
    return id.toUtf8().size() + 3; // quoted, and its comma
}

} // namespace tessera::server
