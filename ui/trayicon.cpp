#include "trayicon.h"

#include "appcontroller.h"
#include "claudecodeconnector.h"
#include "slotmap.h"
#include "storage.h"
#include "uilogging.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QClipboard>
#include <QEvent>
#include <QGuiApplication>
#include <QMenu>
#include <QPalette>
#include <QSystemTrayIcon>
#include <QTimer>

namespace Switchyard {

namespace {

constexpr int StatusPollMs = 3000;

const QString LanguageSetting = QStringLiteral("language");

// The enabled scenario rule "default" with the lowest position (the one the router uses).
const RoutingRule *defaultRule(const ConfigData &config)
{
    const RoutingRule *best = nullptr;
    for (const RoutingRule &rule : config.rules) {
        if (rule.kind == u"scenario" && rule.match == u"default" && (!best || rule.position < best->position))
            best = &rule;
    }
    return best;
}

const ClientKey *claudeCodeKey(const ConfigData &config, qint64 id)
{
    for (const ClientKey &key : config.clientKeys) {
        if (key.id == id && id > 0)
            return &key;
    }
    return nullptr;
}

QAction *addNamedAction(QMenu *menu, const char *name)
{
    QAction *action = menu->addAction(QString());
    action->setObjectName(QLatin1String(name));
    return action;
}

} // namespace

TrayIcon::TrayIcon(AppController *controller, QObject *parent)
    : QObject(parent)
    , m_controller(controller)
{
    m_menu = new QMenu();
    m_menu->setObjectName(QStringLiteral("trayMenu"));
    m_openAction = addNamedAction(m_menu, "trayOpen");
    m_toggleProxyAction = addNamedAction(m_menu, "trayToggleProxy");
    m_copyUrlAction = addNamedAction(m_menu, "trayCopyBaseUrl");
    m_copyEnvAction = addNamedAction(m_menu, "trayCopyClaudeEnv");
    m_menu->addSeparator();

    m_defaultMenu = m_menu->addMenu(QString());
    m_defaultMenu->setObjectName(QStringLiteral("trayDefaultTarget"));
    m_defaultGroup = new QActionGroup(this);
    for (const QString &slot : slotNames()) {
        QMenu *menu = m_menu->addMenu(QString());
        menu->setObjectName(QStringLiteral("traySlot-%1").arg(slot));
        m_slotMenus.append(menu);
        m_slotGroups.append(new QActionGroup(this));
    }
    m_menu->addSeparator();

    m_languageMenu = m_menu->addMenu(QString());
    m_languageMenu->setObjectName(QStringLiteral("trayLanguage"));
    auto *languages = new QActionGroup(this);
    // Each language is named in itself, so whoever switched by mistake can switch back.
    m_englishAction = m_languageMenu->addAction(QStringLiteral("English"));
    m_englishAction->setObjectName(QStringLiteral("trayLanguage-en"));
    m_chineseAction = m_languageMenu->addAction(QStringLiteral("简体中文"));
    m_chineseAction->setObjectName(QStringLiteral("trayLanguage-zh_CN"));
    for (QAction *action : {m_englishAction, m_chineseAction}) {
        action->setCheckable(true);
        languages->addAction(action);
    }
    m_menu->addSeparator();
    m_quitAction = addNamedAction(m_menu, "trayQuit");

    connect(m_openAction, &QAction::triggered, this, &TrayIcon::openWindowRequested);
    connect(m_toggleProxyAction, &QAction::triggered, this, [this] {
        if (m_controller->isProxyRunning())
            m_controller->stopProxy();
        else
            m_controller->startProxy();
    });
    connect(m_copyUrlAction, &QAction::triggered, this,
            [this] { QGuiApplication::clipboard()->setText(m_controller->baseUrl()); });
    connect(m_copyEnvAction, &QAction::triggered, this, &TrayIcon::copyClaudeCodeLines);
    connect(m_englishAction, &QAction::triggered, this,
            [this] { m_controller->storage()->setSetting(LanguageSetting, QStringLiteral("en")); });
    connect(m_chineseAction, &QAction::triggered, this,
            [this] { m_controller->storage()->setSetting(LanguageSetting, QStringLiteral("zh_CN")); });
    connect(m_quitAction, &QAction::triggered, m_controller, &AppController::requestQuit);
    connect(m_controller, &AppController::proxyStateChanged, this, &TrayIcon::refresh);

    // Config saves come in bursts (a page saving several entities): refill the submenus once.
    m_rebuildTimer = new QTimer(this);
    m_rebuildTimer->setSingleShot(true);
    m_rebuildTimer->setInterval(50);
    connect(m_rebuildTimer, &QTimer::timeout, this, &TrayIcon::rebuildSwitchMenus);
    if (Storage *storage = m_controller->storage()) {
        connect(storage, &Storage::configChanged, m_rebuildTimer, qOverload<>(&QTimer::start));
        connect(storage, &Storage::settingChanged, this, [this](const QString &key) {
            if (key == LanguageSetting)
                refresh();
            else if (key == QLatin1String(ClaudeCodeConnector::ClientKeySetting))
                m_rebuildTimer->start();
        });
    }

    m_notifier = new Notifier(this);
    connect(m_controller, &AppController::proxyEvent, m_notifier, &Notifier::handle);
    connect(m_controller, &AppController::proxyEvent, this, &TrayIcon::refresh);
    connect(m_notifier, &Notifier::notify, this, &TrayIcon::showNotification);

    m_tray = new QSystemTrayIcon(this);
    m_tray->setContextMenu(m_menu);
    connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
            Q_EMIT openWindowRequested();
    });
    // Breakers and health change without a signal; the proxy publishes its report every so often.
    m_statusTimer = new QTimer(this);
    m_statusTimer->setInterval(StatusPollMs);
    connect(m_statusTimer, &QTimer::timeout, this, &TrayIcon::refresh);
    m_statusTimer->start();
    // Language and palette changes reach the application object, not this QObject.
    qApp->installEventFilter(this);
    // Hide before quitting, or Windows leaves a ghost icon until hovered.
    connect(qApp, &QCoreApplication::aboutToQuit, m_tray, &QSystemTrayIcon::hide);

    rebuildSwitchMenus();
    retranslate();
}

TrayIcon::~TrayIcon()
{
    delete m_menu;
}

bool TrayIcon::isAvailable()
{
    return QSystemTrayIcon::isSystemTrayAvailable();
}

void TrayIcon::show()
{
    m_tray->show();
}

QString TrayIcon::iconPath(State state, bool darkPanel)
{
    const char *name = "stopped";
    switch (state) {
    case State::Running:
        name = "running";
        break;
    case State::Degraded:
        name = "degraded";
        break;
    case State::Stopped:
        break;
    }
    return QStringLiteral(":/icons/tray-%1-%2.svg")
        .arg(QLatin1String(name), darkPanel ? QStringLiteral("dark") : QStringLiteral("light"));
}

QStringList TrayIcon::switchTargets(const ConfigData &config)
{
    QStringList targets;
    for (const Channel &channel : config.channels) {
        const Provider *provider = config.providerById(channel.providerId);
        if (!channel.enabled || (provider && !provider->enabled))
            continue;
        for (const QString &model : channel.models)
            targets.append(channel.name + u',' + model);
    }
    for (const ModelGroup &group : config.groups) {
        if (group.enabled)
            targets.append(group.name);
    }
    return targets;
}

bool TrayIcon::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == qApp) {
        if (event->type() == QEvent::LanguageChange)
            retranslate();
        else if (event->type() == QEvent::ApplicationPaletteChange)
            refresh();
    }
    return QObject::eventFilter(watched, event);
}

void TrayIcon::retranslate()
{
    m_openAction->setText(tr("Open Switchyard"));
    m_copyUrlAction->setText(tr("Copy base URL"));
    m_copyEnvAction->setText(tr("Copy Claude Code shell lines"));
    m_defaultMenu->setTitle(tr("Default target"));
    const QStringList titles {tr("Opus slot"), tr("Sonnet slot"), tr("Haiku slot")};
    for (int i = 0; i < m_slotMenus.size(); ++i)
        m_slotMenus[i]->setTitle(titles.value(i));
    m_languageMenu->setTitle(tr("Language"));
    m_quitAction->setText(tr("Quit"));
    // The "none" entries of the submenus carry translated text too.
    rebuildSwitchMenus();
    refresh();
}

void TrayIcon::refresh()
{
    const bool running = m_controller->isProxyRunning();
    const bool degraded = running && m_controller->proxyStatus().degraded();
    m_state = !running ? State::Stopped : degraded ? State::Degraded : State::Running;
    m_toggleProxyAction->setText(running ? tr("Stop proxy") : tr("Start proxy"));
    m_copyUrlAction->setEnabled(running);

    // A dark window palette usually means a dark panel as well.
    const bool dark = QGuiApplication::palette().color(QPalette::Window).lightness() < 128;
    m_tray->setIcon(QIcon(iconPath(m_state, dark)));
    switch (m_state) {
    case State::Running:
        m_tray->setToolTip(tr("Switchyard: listening on %1").arg(m_controller->baseUrl()));
        break;
    case State::Degraded:
        m_tray->setToolTip(
            tr("Switchyard: listening on %1, some channels are failing").arg(m_controller->baseUrl()));
        break;
    case State::Stopped:
        m_tray->setToolTip(tr("Switchyard: proxy stopped"));
        break;
    }

    const QString language =
        m_controller->storage() ? m_controller->storage()->setting(LanguageSetting).toString() : QString();
    const bool chinese = language.isEmpty() ? QLocale().language() == QLocale::Chinese : language == u"zh_CN";
    m_chineseAction->setChecked(chinese);
    m_englishAction->setChecked(!chinese);
}

void TrayIcon::fillTargetMenu(QMenu *menu, QActionGroup *group, const QStringList &targets,
                              const QString &current, bool offerNone)
{
    menu->clear(); // deletes the actions, which leave the group by themselves
    const auto add = [&](const QString &text, const QString &target) {
        QAction *action = menu->addAction(text);
        action->setCheckable(true);
        action->setChecked(target == current);
        action->setData(target);
        group->addAction(action);
        return action;
    };
    if (offerNone) {
        add(tr("Not mapped"), QString());
        menu->addSeparator();
    }
    for (const QString &target : targets)
        add(target, target);
    // A target the store names but that is gone or disabled now still shows as the current one.
    if (!current.isEmpty() && !targets.contains(current))
        add(tr("%1 (unavailable)").arg(current), current);
    if (targets.isEmpty() && !offerNone)
        menu->addAction(tr("No channels yet"))->setEnabled(false);
}

void TrayIcon::rebuildSwitchMenus()
{
    Storage *storage = m_controller->storage();
    if (!storage)
        return;
    const ConfigData config = storage->loadConfig();
    const QStringList targets = switchTargets(config);

    const RoutingRule *rule = defaultRule(config);
    fillTargetMenu(m_defaultMenu, m_defaultGroup, targets, rule ? rule->target : QString(), false);
    for (QAction *action : m_defaultMenu->actions()) {
        if (action->isCheckable())
            connect(action, &QAction::triggered, this,
                    [this, target = action->data().toString()] { setDefaultTarget(target); });
    }

    const ClientKey *key = claudeCodeKey(
        config, storage->setting(QLatin1String(ClaudeCodeConnector::ClientKeySetting)).toLongLong());
    for (int i = 0; i < m_slotMenus.size(); ++i) {
        QMenu *menu = m_slotMenus[i];
        const QString slot = slotNames().value(i);
        if (!key) {
            menu->clear();
            menu->addAction(tr("Claude Code is not connected"))->setEnabled(false);
            continue;
        }
        fillTargetMenu(menu, m_slotGroups[i], targets, SlotMap::entry(key->slotMap, slot).target, true);
        for (QAction *action : menu->actions()) {
            if (action->isCheckable())
                connect(action, &QAction::triggered, this,
                        [this, slot, target = action->data().toString()] { setSlotTarget(slot, target); });
        }
    }
}

void TrayIcon::setDefaultTarget(const QString &target)
{
    Storage *storage = m_controller->storage();
    const ConfigData config = storage->loadConfig();
    RoutingRule rule;
    if (const RoutingRule *existing = defaultRule(config))
        rule = *existing;
    else {
        rule.kind = QStringLiteral("scenario");
        rule.match = QStringLiteral("default");
    }
    rule.target = target;
    rule.enabled = true;
    QString error;
    if (!storage->saveRule(&rule, &error))
        qCWarning(lcUi).noquote() << "Cannot switch the default target:" << error;
}

void TrayIcon::setSlotTarget(const QString &slot, const QString &target)
{
    Storage *storage = m_controller->storage();
    const ConfigData config = storage->loadConfig();
    const ClientKey *key = claudeCodeKey(
        config, storage->setting(QLatin1String(ClaudeCodeConnector::ClientKeySetting)).toLongLong());
    if (!key)
        return;
    ClientKey updated = *key;
    SlotMap::Entry entry = SlotMap::entry(updated.slotMap, slot);
    entry.target = target;
    // An upstream model would replace the model of the "<channel>,<model>" just picked.
    entry.model.clear();
    updated.slotMap = SlotMap::withEntry(updated.slotMap, slot, entry);
    QString error;
    if (!storage->saveClientKey(&updated, &error))
        qCWarning(lcUi).noquote() << "Cannot switch the" << slot << "slot:" << error;
}

void TrayIcon::copyClaudeCodeLines()
{
    const ClaudeCodeConnector connector(m_controller);
#ifdef Q_OS_WIN
    const auto shell = ClaudeCodeConnector::Shell::PowerShell;
#else
    const auto shell = ClaudeCodeConnector::Shell::Posix;
#endif
    QGuiApplication::clipboard()->setText(connector.shellLines(shell));
}

void TrayIcon::showNotification(const Notification &notification)
{
    m_shown.append(notification);
    if (m_shown.size() > 50)
        m_shown.removeFirst();
    QSystemTrayIcon::MessageIcon icon = QSystemTrayIcon::Information;
    if (notification.severity == Notification::Severity::Warning)
        icon = QSystemTrayIcon::Warning;
    else if (notification.severity == Notification::Severity::Critical)
        icon = QSystemTrayIcon::Critical;
    if (m_tray->isVisible() && QSystemTrayIcon::supportsMessages())
        m_tray->showMessage(notification.title, notification.message, icon);
}

} // namespace Switchyard
