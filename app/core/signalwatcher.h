#pragma once

// Turns SIGINT and SIGTERM (Ctrl+C, `kill`, systemd, QProcess::terminate) into a Qt signal on the
// thread that created the watcher. The POSIX handler only writes the signal number to a socketpair,
// which is async-signal-safe; a QSocketNotifier reads it back inside the event loop. Repeats within
// two seconds are taken as duplicates of the first (timeout(1) sends its signal twice); a later
// repeat ends the process at once, so a stuck shutdown can always be interrupted.

#include <QObject>

class QSocketNotifier;

namespace Switchyard {

class SignalWatcher : public QObject
{
    Q_OBJECT

public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

    // Installs the handlers. Only one watcher may be active per process.
    bool watch(QString *error = nullptr);
    bool isWatching() const { return m_watching; }

Q_SIGNALS:
    // SIGINT or SIGTERM (on Windows: Ctrl+C, Ctrl+Break, console close).
    void terminationRequested(int signalNumber);

private:
    void readSignal();
    void restoreHandlers();

    QSocketNotifier *m_notifier = nullptr;
    bool m_watching = false;
};

} // namespace Switchyard
