#pragma once

#include <QDateTime>
#include <QList>
#include <QString>
#include <QWidget>

class QGridLayout;
class QGroupBox;
class QLabel;
class QPushButton;
class QTableWidget;
class QTimer;

namespace Switchyard {

class AppController;
class ConnectClaudeWidget;
class Storage;

// Proxy status and URL, today's requests/tokens/cost, active Claude Code sessions, channel health
// badges with time to first token, and "Connect Claude Code".
class DashboardPage : public QWidget
{
    Q_OBJECT
public:
    // Sessions with a request this recently count as active.
    static constexpr qint64 ActiveSessionWindowMs = 30 * 60 * 1000;

    struct Session
    {
        QString sessionId;
        qint64 requests = 0;
        qint64 tokens = 0;
        double costUsd = 0;
        qint64 lastAtMs = 0;
        QString lastModel;
    };

    explicit DashboardPage(AppController *controller, QWidget *parent = nullptr);

    // The sessions with a request since activeSince, latest first, with their totals over their whole
    // history and the model of their latest request (one SQL query through Storage::read).
    static QList<Session> activeSessions(const Storage *storage, const QDateTime &activeSince,
                                         int limit = 20);

    ConnectClaudeWidget *connectWidget() const { return m_connect; }

public Q_SLOTS:
    void refresh();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void refreshProxy();
    void refreshUsage();
    void refreshHealth();
    void scheduleUsageRefresh();

    AppController *m_controller;
    QGroupBox *m_proxyBox = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_urlLabel = nullptr;
    QLabel *m_url = nullptr;
    QPushButton *m_copyUrl = nullptr;
    QPushButton *m_toggleProxy = nullptr;
    QGroupBox *m_todayBox = nullptr;
    QLabel *m_requestsCaption = nullptr;
    QLabel *m_tokensCaption = nullptr;
    QLabel *m_costCaption = nullptr;
    QLabel *m_requests = nullptr;
    QLabel *m_tokens = nullptr;
    QLabel *m_cost = nullptr;
    QGroupBox *m_sessionsBox = nullptr;
    QTableWidget *m_sessions = nullptr;
    QLabel *m_noSessions = nullptr;
    QGroupBox *m_healthBox = nullptr;
    QWidget *m_badges = nullptr;
    QGridLayout *m_badgeLayout = nullptr;
    QLabel *m_noHealth = nullptr;
    QGroupBox *m_claudeBox = nullptr;
    ConnectClaudeWidget *m_connect = nullptr;
    QTimer *m_timer = nullptr;
    QTimer *m_usageThrottle = nullptr;
};

} // namespace Switchyard
