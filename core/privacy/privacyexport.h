#pragma once

#include <QObject>
#include <QString>
#include <QUrl>

namespace tessera {

class ExportShare;
class AuthorizedApi;
class SessionScope;

// "Export my data": GET /v1/privacy/export (one JSON document, a section per feature) written to a
// file the person chose, atomically (QSaveFile: a temporary file beside it, renamed at the end;
// readable by the owner only), or on a phone into the app's folder and handed to the share sheet
// (ExportShare). The state says where it is (asking the server, writing, done, failed, cancelled)
// with a sentence for the person; cancel() drops the answer and writes nothing.
class PrivacyExport : public QObject
{
    Q_OBJECT
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    Q_PROPERTY(bool busy READ isBusy NOTIFY stateChanged)
    // What happened, in words: the file and its rows when done, the reason when failed.
    Q_PROPERTY(QString message READ message NOTIFY stateChanged)
    Q_PROPERTY(QString savedPath READ savedPath NOTIFY stateChanged)
    Q_PROPERTY(int rows READ rows NOTIFY stateChanged)
    // Bytes received of the answer so far, and its size when the server said (else -1).
    Q_PROPERTY(qint64 received READ received NOTIFY progressChanged)
    Q_PROPERTY(qint64 total READ total NOTIFY progressChanged)
    // true: the page asks where to save (a desktop's save dialog); false: exportToDefault().
    Q_PROPERTY(bool choosesLocation READ choosesLocation CONSTANT)
public:
    enum class State { Idle, Downloading, Writing, Done, Failed, Cancelled };
    Q_ENUM(State)

    explicit PrivacyExport(AuthorizedApi &api, SessionScope &scope, QObject *parent = nullptr);
    ~PrivacyExport() override;

    // The platform's seam (outlives this object); without one, the person chooses the file.
    void setShare(ExportShare *share) { m_share = share; }

    State state() const { return m_state; }
    bool isBusy() const { return m_state == State::Downloading || m_state == State::Writing; }
    QString message() const { return m_message; }
    QString savedPath() const { return m_savedPath; }
    int rows() const { return m_rows; }
    qint64 received() const { return m_received; }
    qint64 total() const { return m_total; }
    bool choosesLocation() const;

    // Starts an export into file (a local file: a path or a file: URL, as a FileDialog gives);
    // false when one is on its way or file is not a local file.
    Q_INVOKABLE bool exportTo(const QUrl &file);
    Q_INVOKABLE bool exportToPath(const QString &path);
    // Into the platform's place (ExportShare::defaultPath()) and handed on once written.
    Q_INVOKABLE bool exportToDefault();
    // Where the file would go unless the person says otherwise (the platform's place, else the
    // Documents folder).
    Q_INVOKABLE QString suggestedPath() const;
    // Drops the export on its way (nothing is written).
    Q_INVOKABLE void cancel();

Q_SIGNALS:
    void stateChanged();
    void progressChanged();

private:
    bool start(const QString &path, bool handOn);
    void finish(State state, const QString &message);

    AuthorizedApi &m_api;
    ExportShare *m_share = nullptr;
    State m_state = State::Idle;
    QString m_message;
    QString m_savedPath;
    int m_rows = 0;
    qint64 m_received = 0;
    qint64 m_total = -1;
    quint64 m_generation = 0;
};

} // namespace tessera
