#include "dashboardpage.h"

#include "appcontroller.h"
#include "connectclaudewidget.h"
#include "proxyevents.h"
#include "storage.h"
#include "uilogging.h"
#include "usagequery.h"

#include <QApplication>
#include <QClipboard>
#include <QEvent>
#include <QFrame>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <cmath>

namespace Switchyard {

namespace {

constexpr int RefreshMs = 5000;
// Usage batches arrive up to ten times a second under load; the page redraws at most this often.
constexpr int UsageThrottleMs = 1000;
constexpr int BadgeColumns = 2;

const char *const Green = "#2e7d32";
const char *const Amber = "#b26a00";
const char *const Red = "#c62828";

QString formatCost(double usd)
{
    // Cents hide what cheap models cost; below a dollar show more digits.
    return QStringLiteral("$") + QLocale().toString(usd, 'f', usd < 1 ? 4 : 2);
}

QLabel *valueLabel(QWidget *parent, const char *name)
{
    auto *label = new QLabel(parent);
    label->setObjectName(QLatin1String(name));
    QFont font = label->font();
    font.setPointSizeF(font.pointSizeF() * 1.6);
    font.setBold(true);
    label->setFont(font);
    return label;
}

} // namespace

DashboardPage::DashboardPage(AppController *controller, QWidget *parent)
    : QWidget(parent)
    , m_controller(controller)
{
    setObjectName(QStringLiteral("dashboardPage"));
    auto *layout = new QVBoxLayout(this);

    // Proxy: state, URL, copy, start/stop.
    m_proxyBox = new QGroupBox(this);
    auto *proxyLayout = new QGridLayout(m_proxyBox);
    m_status = new QLabel(m_proxyBox);
    m_status->setObjectName(QStringLiteral("proxyStatus"));
    m_urlLabel = new QLabel(m_proxyBox);
    m_url = new QLabel(m_proxyBox);
    m_url->setObjectName(QStringLiteral("baseUrl"));
    m_url->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_copyUrl = new QPushButton(m_proxyBox);
    m_copyUrl->setObjectName(QStringLiteral("copyBaseUrl"));
    m_toggleProxy = new QPushButton(m_proxyBox);
    m_toggleProxy->setObjectName(QStringLiteral("toggleProxy"));
    proxyLayout->addWidget(m_status, 0, 0, 1, 4);
    proxyLayout->addWidget(m_urlLabel, 1, 0);
    proxyLayout->addWidget(m_url, 1, 1);
    proxyLayout->addWidget(m_copyUrl, 1, 2);
    proxyLayout->addWidget(m_toggleProxy, 1, 3);
    proxyLayout->setColumnStretch(1, 1);

    // Today: requests, tokens, cost.
    m_todayBox = new QGroupBox(this);
    auto *todayLayout = new QGridLayout(m_todayBox);
    m_requestsCaption = new QLabel(m_todayBox);
    m_tokensCaption = new QLabel(m_todayBox);
    m_costCaption = new QLabel(m_todayBox);
    m_requests = valueLabel(m_todayBox, "todayRequests");
    m_tokens = valueLabel(m_todayBox, "todayTokens");
    m_cost = valueLabel(m_todayBox, "todayCost");
    todayLayout->addWidget(m_requestsCaption, 0, 0);
    todayLayout->addWidget(m_tokensCaption, 0, 1);
    todayLayout->addWidget(m_costCaption, 0, 2);
    todayLayout->addWidget(m_requests, 1, 0);
    todayLayout->addWidget(m_tokens, 1, 1);
    todayLayout->addWidget(m_cost, 1, 2);

    auto *top = new QHBoxLayout();
    top->addWidget(m_proxyBox, 3);
    top->addWidget(m_todayBox, 2);
    layout->addLayout(top);

    // Channel health.
    m_healthBox = new QGroupBox(this);
    auto *healthLayout = new QVBoxLayout(m_healthBox);
    m_noHealth = new QLabel(m_healthBox);
    m_noHealth->setWordWrap(true);
    healthLayout->addWidget(m_noHealth);
    m_badges = new QWidget(m_healthBox);
    m_badges->setObjectName(QStringLiteral("healthBadges"));
    m_badgeLayout = new QGridLayout(m_badges);
    m_badgeLayout->setContentsMargins(0, 0, 0, 0);
    healthLayout->addWidget(m_badges);
    layout->addWidget(m_healthBox);

    // Active Claude Code sessions.
    m_sessionsBox = new QGroupBox(this);
    auto *sessionsLayout = new QVBoxLayout(m_sessionsBox);
    m_noSessions = new QLabel(m_sessionsBox);
    m_noSessions->setWordWrap(true);
    sessionsLayout->addWidget(m_noSessions);
    m_sessions = new QTableWidget(0, 6, m_sessionsBox);
    m_sessions->setObjectName(QStringLiteral("activeSessions"));
    m_sessions->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_sessions->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_sessions->verticalHeader()->hide();
    m_sessions->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_sessions->horizontalHeader()->setStretchLastSection(true);
    sessionsLayout->addWidget(m_sessions);
    layout->addWidget(m_sessionsBox);

    // Connect Claude Code.
    m_claudeBox = new QGroupBox(this);
    auto *claudeLayout = new QVBoxLayout(m_claudeBox);
    m_connect = new ConnectClaudeWidget(controller, m_claudeBox);
    claudeLayout->addWidget(m_connect);
    layout->addWidget(m_claudeBox);
    layout->addStretch(1);

    connect(m_copyUrl, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(m_controller->baseUrl()); });
    connect(m_toggleProxy, &QPushButton::clicked, this, [this] {
        if (m_controller->isProxyRunning())
            m_controller->stopProxy();
        else
            m_controller->startProxy();
    });
    connect(m_controller, &AppController::proxyStateChanged, this, &DashboardPage::refreshProxy);
    connect(m_controller, &AppController::proxyEvent, this, &DashboardPage::refreshHealth);

    m_usageThrottle = new QTimer(this);
    m_usageThrottle->setSingleShot(true);
    m_usageThrottle->setInterval(UsageThrottleMs);
    connect(m_usageThrottle, &QTimer::timeout, this, &DashboardPage::refreshUsage);
    if (Storage *storage = m_controller->storage())
        connect(storage, &Storage::usageRecorded, this, &DashboardPage::scheduleUsageRefresh);

    // Health changes without a signal, and "today" and "active" move with the clock.
    m_timer = new QTimer(this);
    m_timer->setInterval(RefreshMs);
    connect(m_timer, &QTimer::timeout, this, &DashboardPage::refresh);
    m_timer->start();

    retranslate();
}

void DashboardPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void DashboardPage::retranslate()
{
    m_proxyBox->setTitle(tr("Proxy"));
    m_urlLabel->setText(tr("Base URL:"));
    m_copyUrl->setText(tr("Copy"));
    m_todayBox->setTitle(tr("Today"));
    m_requestsCaption->setText(tr("Requests"));
    m_tokensCaption->setText(tr("Tokens"));
    m_costCaption->setText(tr("Cost"));
    m_healthBox->setTitle(tr("Channel health"));
    m_noHealth->setText(tr("No channel has been used since the proxy started."));
    m_sessionsBox->setTitle(tr("Active Claude Code sessions"));
    m_noSessions->setText(tr("No Claude Code session sent a request in the last 30 minutes."));
    m_sessions->setHorizontalHeaderLabels(
        {tr("Session"), tr("Requests"), tr("Tokens"), tr("Cost"), tr("Last model"), tr("Last request")});
    m_claudeBox->setTitle(tr("Claude Code"));
    refresh();
}

void DashboardPage::refresh()
{
    refreshProxy();
    refreshUsage();
    refreshHealth();
}

void DashboardPage::scheduleUsageRefresh()
{
    if (!m_usageThrottle->isActive())
        m_usageThrottle->start();
}

void DashboardPage::refreshProxy()
{
    const bool running = m_controller->isProxyRunning();
    const bool degraded = running && m_controller->proxyStatus().degraded();
    const char *colour = !running ? Red : degraded ? Amber : Green;
    const QString text = !running ? tr("The proxy is stopped.")
        : degraded                ? tr("The proxy is running, but some channels are failing.")
                                  : tr("The proxy is running.");
    m_status->setText(QStringLiteral("<span style=\"color:%1\">\u25CF</span> %2")
                          .arg(QLatin1String(colour), text.toHtmlEscaped()));
    m_url->setText(running ? m_controller->baseUrl() : tr("(not listening)"));
    m_copyUrl->setEnabled(running);
    m_toggleProxy->setText(running ? tr("Stop proxy") : tr("Start proxy"));
}

void DashboardPage::refreshUsage()
{
    const Storage *storage = m_controller->storage();
    if (!storage)
        return;
    const QDateTime now = QDateTime::currentDateTime();
    // "Today" is the user's calendar day.
    const QDateTime midnight = now.date().startOfDay();
    const UsageTotals today =
        UsageQuery(storage).totals({midnight.toMSecsSinceEpoch(), now.toMSecsSinceEpoch() + 1});
    const QLocale locale;
    m_requests->setText(locale.toString(today.requests));
    m_tokens->setText(locale.toString(today.tokens()));
    m_cost->setText(formatCost(today.costUsd));

    const QList<Session> sessions = activeSessions(storage, now.addMSecs(-ActiveSessionWindowMs));
    m_sessions->setRowCount(int(sessions.size()));
    for (int row = 0; row < sessions.size(); ++row) {
        const Session &s = sessions[row];
        const QStringList cells {
            s.sessionId.left(8),
            locale.toString(s.requests),
            locale.toString(s.tokens),
            formatCost(s.costUsd),
            s.lastModel,
            locale.toString(QDateTime::fromMSecsSinceEpoch(s.lastAtMs).time(), QLocale::ShortFormat)};
        for (int column = 0; column < cells.size(); ++column) {
            auto *item = new QTableWidgetItem(cells[column]);
            if (column >= 1 && column <= 3)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (column == 0)
                item->setToolTip(s.sessionId);
            m_sessions->setItem(row, column, item);
        }
    }
    m_sessions->setVisible(!sessions.isEmpty());
    m_noSessions->setVisible(sessions.isEmpty());
    // Show every row without an inner scroll bar: the page itself scrolls.
    int height = m_sessions->horizontalHeader()->sizeHint().height() + 2 * m_sessions->frameWidth();
    for (int row = 0; row < m_sessions->rowCount(); ++row)
        height += m_sessions->rowHeight(row);
    m_sessions->setFixedHeight(height + 2);
}

void DashboardPage::refreshHealth()
{
    while (QLayoutItem *item = m_badgeLayout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    const ProxyStatus status = m_controller->proxyStatus();
    int index = 0;
    for (const UpstreamStatus &upstream : status.upstreams) {
        const BreakerSnapshot &breaker = upstream.breaker;
        const HealthSnapshot &health = upstream.health;
        QString state;
        const char *colour = Green;
        if (breaker.force == BreakerForce::Open) {
            state = tr("Forced off");
            colour = Red;
        } else if (breaker.force == BreakerForce::Closed) {
            state = tr("Forced on");
        } else if (breaker.state == BreakerState::Open) {
            state = tr("Paused");
            colour = Red;
        } else if (breaker.state == BreakerState::HalfOpen) {
            state = tr("Probing");
            colour = Amber;
        } else {
            state = tr("Healthy");
            if (health.recentRequests >= 4 && health.successRate <= 0.5)
                colour = Amber;
        }
        const QString ttft =
            health.ttftEwmaMs < 0 ? tr("TTFT –") : tr("TTFT %1 ms").arg(std::lround(health.ttftEwmaMs));
        const QString success = health.recentRequests == 0
            ? tr("no recent requests")
            : tr("%1% ok").arg(std::lround(health.successRate * 100));

        auto *badge = new QFrame(m_badges);
        badge->setObjectName(QStringLiteral("healthBadge"));
        badge->setFrameShape(QFrame::StyledPanel);
        badge->setStyleSheet(QStringLiteral("QFrame#healthBadge { border: 1px solid palette(mid); "
                                            "border-left: 4px solid %1; border-radius: 4px; }")
                                 .arg(QLatin1String(colour)));
        auto *badgeLayout = new QVBoxLayout(badge);
        badgeLayout->setContentsMargins(10, 6, 10, 6);
        auto *name =
            new QLabel(QStringLiteral("<b>%1</b> · %2")
                           .arg(upstream.channelName.toHtmlEscaped(), upstream.key.model.toHtmlEscaped()),
                       badge);
        auto *details = new QLabel(QStringLiteral("<span style=\"color:%1\">\u25CF %2</span> · %3 · %4")
                                       .arg(QLatin1String(colour), state.toHtmlEscaped(), ttft, success),
                                   badge);
        details->setObjectName(QStringLiteral("healthDetails"));
        if (!health.lastError.isEmpty())
            badge->setToolTip(tr("Last error: %1").arg(health.lastError));
        badgeLayout->addWidget(name);
        badgeLayout->addWidget(details);
        m_badgeLayout->addWidget(badge, index / BadgeColumns, index % BadgeColumns);
        ++index;
    }
    m_badges->setVisible(index > 0);
    m_noHealth->setVisible(index == 0);
}

QList<DashboardPage::Session> DashboardPage::activeSessions(const Storage *storage,
                                                            const QDateTime &activeSince, int limit)
{
    QList<Session> sessions;
    QString error;
    const bool ok = storage->read(
        [&](QSqlDatabase &db, QString *queryError) {
            QSqlQuery query(db);
            // The inner query finds the active sessions through usage_session_time; the totals and
            // the latest model then read only those sessions' rows.
            query.prepare(QStringLiteral(
                "SELECT u.session_id, COUNT(*), "
                "SUM(u.input_tokens + u.output_tokens + u.cache_read_tokens + u.cache_write_tokens), "
                "SUM(u.cost_usd), MAX(u.timestamp_ms), "
                "(SELECT CASE WHEN l.resolved_model != '' THEN l.resolved_model ELSE l.requested_model END "
                " FROM usage l WHERE l.session_id = u.session_id ORDER BY l.timestamp_ms DESC LIMIT 1) "
                "FROM usage u WHERE u.session_id IN "
                "(SELECT DISTINCT session_id FROM usage WHERE timestamp_ms >= :since AND session_id != '') "
                "GROUP BY u.session_id ORDER BY MAX(u.timestamp_ms) DESC LIMIT :limit"));
            query.bindValue(QStringLiteral(":since"), activeSince.toMSecsSinceEpoch());
            query.bindValue(QStringLiteral(":limit"), limit);
            if (!query.exec()) {
                *queryError = query.lastError().text();
                return false;
            }
            while (query.next()) {
                Session s;
                s.sessionId = query.value(0).toString();
                s.requests = query.value(1).toLongLong();
                s.tokens = query.value(2).toLongLong();
                s.costUsd = query.value(3).toDouble();
                s.lastAtMs = query.value(4).toLongLong();
                s.lastModel = query.value(5).toString();
                sessions.append(s);
            }
            return true;
        },
        &error);
    if (!ok)
        qCWarning(lcUi).noquote() << "Cannot read the active sessions:" << error;
    return sessions;
}

} // namespace Switchyard
