#include "trayicon.h"

#include "appcontroller.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QEvent>
#include <QGuiApplication>
#include <QMenu>
#include <QPalette>
#include <QSystemTrayIcon>

namespace Switchyard {

TrayIcon::TrayIcon(AppController *controller, QObject *parent)
    : QObject(parent)
    , m_controller(controller)
{
    m_menu = new QMenu();
    m_openAction = m_menu->addAction(QString());
    m_toggleProxyAction = m_menu->addAction(QString());
    m_copyUrlAction = m_menu->addAction(QString());
    m_menu->addSeparator();
    m_quitAction = m_menu->addAction(QString());

    connect(m_openAction, &QAction::triggered, this, &TrayIcon::openWindowRequested);
    connect(m_toggleProxyAction, &QAction::triggered, this, [this] {
        if (m_controller->isProxyRunning())
            m_controller->stopProxy();
        else
            m_controller->startProxy();
    });
    connect(m_copyUrlAction, &QAction::triggered, this,
            [this] { QGuiApplication::clipboard()->setText(m_controller->baseUrl()); });
    connect(m_quitAction, &QAction::triggered, m_controller, &AppController::requestQuit);
    connect(m_controller, &AppController::proxyStateChanged, this, &TrayIcon::refresh);

    m_tray = new QSystemTrayIcon(this);
    m_tray->setContextMenu(m_menu);
    connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
            Q_EMIT openWindowRequested();
    });
    // Language and palette changes reach the application object, not this QObject.
    qApp->installEventFilter(this);
    // Hide before quitting, or Windows leaves a ghost icon until hovered.
    connect(qApp, &QCoreApplication::aboutToQuit, m_tray, &QSystemTrayIcon::hide);

    retranslate();
    refresh();
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
    m_quitAction->setText(tr("Quit"));
    refresh();
}

void TrayIcon::refresh()
{
    const bool running = m_controller->isProxyRunning();
    m_state = running ? State::Running : State::Stopped;
    m_toggleProxyAction->setText(running ? tr("Stop proxy") : tr("Start proxy"));
    m_copyUrlAction->setEnabled(running);

    // A dark window palette usually means a dark panel as well.
    const bool dark = QGuiApplication::palette().color(QPalette::Window).lightness() < 128;
    m_tray->setIcon(QIcon(iconPath(m_state, dark)));
    m_tray->setToolTip(running ? tr("Switchyard: listening on %1").arg(m_controller->baseUrl())
                               : tr("Switchyard: proxy stopped"));
}

} // namespace Switchyard
