#pragma once

#include "foreignsingleton.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>
#include <QVariantList>
#include <QVariantMap>

namespace tessera {

class ScanEngine;
class ScannerSync;
class ScanUploader;
class Session;
struct ScanResult;

// The Scanner page's C++ half (QML singleton `ScannerControl`): follows ScannerSync
// (the trust list and the check processes), has the page's `engine` (a ScanEngine of the plugin
// Tessera.Scanner: a Scanner on the page's VideoOutput sink, fed by the camera on devices, or by
// openFile() on desktop) check frames while passes can be checked, shows the
// verdict of each appearance (lastResult) and keeps the recent scans with their upload state
// (ScanUploader queues every pass's record in the encrypted database and uploads it).
//
// lastResult and each entry of recentScans: {serial, verdict ("allow"/"deny"/"action"),
// reason (code), message (plain words for the person at the door), action, initials,
// subjectType ("employee"/"non_employee"/""), process, processTitle, time (QDateTime),
// isPass, upload ("queued"/"uploaded"/"none")}. recentScans is newest first.
//
// feedback(verdict) is the sound-and-vibration seam: emitted once per verdict shown; main.cpp
// hands it to the platform's ScanFeedback (platform/scanfeedback.h; the desktop plays nothing).
class ScannerController : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QString syncState READ syncState NOTIFY syncChanged)
    Q_PROPERTY(QString syncWords READ syncWords NOTIFY syncChanged)
    Q_PROPERTY(bool syncing READ isSyncing NOTIFY syncChanged)
    Q_PROPERTY(QDateTime lastSyncedAt READ lastSyncedAt NOTIFY syncChanged)
    Q_PROPERTY(bool ready READ isReady NOTIFY readyChanged)
    Q_PROPERTY(QVariantList processes READ processes NOTIFY processesChanged)
    Q_PROPERTY(QString process READ process WRITE setProcess NOTIFY processChanged)
    Q_PROPERTY(QObject *engine READ engine WRITE setEngine NOTIFY engineChanged)
    Q_PROPERTY(QString fileName READ fileName NOTIFY fileChanged)
    Q_PROPERTY(bool playingFile READ isPlayingFile NOTIFY fileChanged)
    Q_PROPERTY(QString errorMessage READ errorMessage NOTIFY errorChanged)
    Q_PROPERTY(QVariantMap lastResult READ lastResult NOTIFY lastResultChanged)
    Q_PROPERTY(QVariantList recentScans READ recentScans NOTIFY recentScansChanged)
    Q_PROPERTY(int pendingUploads READ pendingUploads NOTIFY pendingUploadsChanged)

public:
    static constexpr int maxRecentScans = 50;
    // An image gives a frame every 100 ms: this many frames without a code is "no code".
    static constexpr int imageFramesToTry = 30;

    // All three must outlive this object.
    ScannerController(
        Session &session, ScannerSync &sync, ScanUploader &uploader, QObject *parent = nullptr);
    ~ScannerController() override;

    // "notSynced", "syncing", "ready", "stale", "error".
    QString syncState() const;
    QString syncWords() const;
    bool isSyncing() const;
    // When the trust list was fetched (invalid before the first sync).
    QDateTime lastSyncedAt() const;
    // Passes can be checked: a trust list that is fresh enough and a check process.
    bool isReady() const { return m_ready; }
    QVariantList processes() const;
    QString process() const { return m_process; }
    void setProcess(const QString &name);
    // The page's ScanEngine (a QObject implementing ScanEngine), or null while no page is open;
    // anything else is taken as null.
    QObject *engine() const { return m_engineObject.data(); }
    void setEngine(QObject *engine);
    // The engine's viewfinder sink (a QVideoSink), or null.
    QObject *videoSink() const;
    QString fileName() const { return m_fileName; }
    bool isPlayingFile() const { return !m_fileName.isEmpty(); }
    QString errorMessage() const { return m_errorMessage; }
    QVariantMap lastResult() const { return m_lastResult; }
    QVariantList recentScans() const { return m_recent; }
    int pendingUploads() const;

    // Plays an image or video file into videoSink (desktop, QA) instead of the camera. False,
    // with errorMessage, when the file cannot be opened or passes cannot be checked now.
    Q_INVOKABLE bool openFile(const QUrl &url);
    Q_INVOKABLE void stopFile();
    // The verdict overlay was dismissed.
    Q_INVOKABLE void clearResult();
    // Syncs the trust list and the check processes now (Retry).
    Q_INVOKABLE void sync();

Q_SIGNALS:
    void syncChanged();
    void readyChanged();
    void processesChanged();
    void processChanged();
    void engineChanged();
    void fileChanged();
    void errorChanged();
    void lastResultChanged();
    void recentScansChanged();
    void pendingUploadsChanged();
    // The sound-and-vibration seam: "allow", "deny" or "action", once per verdict shown.
    void feedback(const QString &verdict);

private:
    void updateScanner();
    void handleResult(const ScanResult &result);
    void updateUploadStates();
    void setError(const QString &message);
    // No file is playing (its engine stopped it or is gone).
    void forgetFile();
    void clearScans();
    QString processTitle(const QString &name) const;

    Session &m_session;
    ScannerSync &m_sync;
    ScanUploader &m_uploader;
    QPointer<QObject> m_engineObject;
    ScanEngine *m_engine = nullptr; // m_engineObject's interface, while it lives
    bool m_ready = false;
    QString m_process;
    QString m_fileName;
    bool m_fileIsImage = false;
    int m_fileResults = 0;
    int m_framesWithoutResult = 0;
    QString m_errorMessage;
    QVariantMap m_lastResult;
    QVariantList m_recent; // newest first
    QList<int> m_queued; // serials of recorded scans not known to be uploaded, oldest first
    int m_serial = 0;
};

// `ScannerControl`: the ScannerController that ClientServices builds.
struct ScannerControlForeign : ForeignSingleton<ScannerController>
{
    Q_GADGET
    QML_FOREIGN(tessera::ScannerController)
    QML_SINGLETON
    QML_NAMED_ELEMENT(ScannerControl)
};

} // namespace tessera
