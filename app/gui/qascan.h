#pragma once

#include <QObject>
#include <QString>

namespace tessera {

class ScannerController;

// QA (--scan FILE [--scan-process NAME], with --page scanner): checks a pass image or video file
// on the scanner page as if it had been opened with "Open image or video…", as soon as passes
// can be checked (trust list synced, the page's viewfinder in place). Used for screenshots of the
// verdicts and for demos; once only, after the sync at start (so that it knows the latest
// revocations). A process the server does not offer, or a file the scanner
// cannot open, is said on stderr and ends the QA scan (failed()).
class QaScan : public QObject
{
    Q_OBJECT
public:
    // dismissVerdict: dismiss each verdict as soon as it is shown, as a tap would (the page's
    // recent scans come into view).
    QaScan(ScannerController &controller, QString file, QString process, bool dismissVerdict,
        QObject *parent = nullptr);

Q_SIGNALS:
    void failed(const QString &message);

private:
    void tryStart();

    ScannerController &m_controller;
    QString m_file;
    QString m_process;
    bool m_dismissVerdict = false;
    bool m_syncSeen = false;
    bool m_started = false;
};

} // namespace tessera
