#include "signalwatcher.h"

#include "applogging.h"

#include <QPointer>

#include <csignal>

#ifdef Q_OS_UNIX
#include <QSocketNotifier>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

#ifdef Q_OS_WIN
#include <qt_windows.h>
#endif

namespace Switchyard {

namespace {

SignalWatcher *s_activeWatcher = nullptr;

#ifdef Q_OS_UNIX
// [0] is written by the signal handler, [1] is read by the notifier.
int s_fds[2] = {-1, -1};
struct sigaction s_previousInt;
struct sigaction s_previousTerm;

// Some senders deliver one request twice: timeout(1) signals the process and then its process
// group, supervisors may do the same. Only a repeat after this long means "hurry up".
constexpr time_t RepeatAfterSeconds = 2;
volatile sig_atomic_t s_signalsSeen = 0;
struct timespec s_firstSignalTime;

extern "C" void handleTerminationSignal(int signalNumber)
{
    // Only async-signal-safe calls here: clock_gettime, write, sigaction, raise. SIGINT and SIGTERM
    // are both blocked while this runs (sa_mask), so it never interrupts itself.
    const int savedErrno = errno;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (s_signalsSeen == 0) {
        s_signalsSeen = 1;
        s_firstSignalTime = now;
        const unsigned char byte = static_cast<unsigned char>(signalNumber);
        [[maybe_unused]] const ssize_t written = ::write(s_fds[0], &byte, 1);
    } else if (now.tv_sec - s_firstSignalTime.tv_sec > RepeatAfterSeconds) {
        // The clean shutdown is taking too long for the user: end now, as if we had no handler.
        struct sigaction defaultAction;
        std::memset(&defaultAction, 0, sizeof defaultAction);
        defaultAction.sa_handler = SIG_DFL;
        sigemptyset(&defaultAction.sa_mask);
        sigaction(signalNumber, &defaultAction, nullptr);
        raise(signalNumber);
    }
    errno = savedErrno;
}

bool setFdFlags(int fd, bool nonBlocking)
{
    const int fdFlags = ::fcntl(fd, F_GETFD);
    if (fdFlags < 0 || ::fcntl(fd, F_SETFD, fdFlags | FD_CLOEXEC) < 0)
        return false;
    if (!nonBlocking)
        return true;
    const int flFlags = ::fcntl(fd, F_GETFL);
    return flFlags >= 0 && ::fcntl(fd, F_SETFL, flFlags | O_NONBLOCK) >= 0;
}

void closeFds()
{
    for (int &fd : s_fds) {
        if (fd >= 0)
            ::close(fd);
        fd = -1;
    }
}
#endif

#ifdef Q_OS_WIN
BOOL WINAPI handleConsoleEvent(DWORD event)
{
    if (event != CTRL_C_EVENT && event != CTRL_BREAK_EVENT)
        return FALSE;
    // Runs on a thread the system creates: hand over to the watcher's thread.
    if (SignalWatcher *watcher = s_activeWatcher) {
        QPointer<SignalWatcher> guard(watcher);
        QMetaObject::invokeMethod(
            watcher,
            [guard] {
                if (guard)
                    Q_EMIT guard->terminationRequested(SIGINT);
            },
            Qt::QueuedConnection);
    }
    return TRUE;
}
#endif

} // namespace

SignalWatcher::SignalWatcher(QObject *parent)
    : QObject(parent)
{
}

SignalWatcher::~SignalWatcher()
{
    restoreHandlers();
}

bool SignalWatcher::watch(QString *error)
{
    if (m_watching)
        return true;
    if (s_activeWatcher) {
        if (error)
            *error = QStringLiteral("another SignalWatcher is already active");
        return false;
    }
#ifdef Q_OS_UNIX
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, s_fds) != 0) {
        if (error)
            *error =
                QStringLiteral("socketpair failed: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    if (!setFdFlags(s_fds[0], true) || !setFdFlags(s_fds[1], false)) {
        if (error)
            *error = QStringLiteral("fcntl failed: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        closeFds();
        return false;
    }
    s_signalsSeen = 0;
    m_notifier = new QSocketNotifier(s_fds[1], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &SignalWatcher::readSignal);

    struct sigaction action;
    std::memset(&action, 0, sizeof action);
    action.sa_handler = handleTerminationSignal;
    sigemptyset(&action.sa_mask);
    sigaddset(&action.sa_mask, SIGINT);
    sigaddset(&action.sa_mask, SIGTERM);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, &s_previousInt);
    sigaction(SIGTERM, &action, &s_previousTerm);
#elif defined(Q_OS_WIN)
    if (!SetConsoleCtrlHandler(handleConsoleEvent, TRUE)) {
        if (error)
            *error = QStringLiteral("SetConsoleCtrlHandler failed");
        return false;
    }
#endif
    s_activeWatcher = this;
    m_watching = true;
    return true;
}

void SignalWatcher::readSignal()
{
#ifdef Q_OS_UNIX
    unsigned char byte = 0;
    const ssize_t count = ::read(s_fds[1], &byte, 1);
    if (count != 1)
        return;
    qCInfo(lcApp) << "Received signal" << int(byte) << "- shutting down";
    Q_EMIT terminationRequested(int(byte));
#endif
}

void SignalWatcher::restoreHandlers()
{
    if (!m_watching)
        return;
#ifdef Q_OS_UNIX
    sigaction(SIGINT, &s_previousInt, nullptr);
    sigaction(SIGTERM, &s_previousTerm, nullptr);
    delete m_notifier;
    m_notifier = nullptr;
    closeFds();
#elif defined(Q_OS_WIN)
    SetConsoleCtrlHandler(handleConsoleEvent, FALSE);
#endif
    s_activeWatcher = nullptr;
    m_watching = false;
}

} // namespace Switchyard
