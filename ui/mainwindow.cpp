#include "mainwindow.h"

#include "appcontroller.h"
#include "clientkeyspage.h"
#include "dashboardpage.h"
#include "groupspage.h"
#include "logspage.h"
#include "providerspage.h"
#include "routingpage.h"
#include "secretstore.h"
#include "settingspage.h"
#include "usagepage.h"

#include <QApplication>
#include <QCloseEvent>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace Switchyard {

MainWindow::MainWindow(AppController *controller, QWidget *parent)
    : QMainWindow(parent)
    , m_controller(controller)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/switchyard.svg")));

    auto *central = new QWidget(this);
    auto *outer = new QHBoxLayout(central);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->setSpacing(0);

    m_sidebar = new QListWidget(central);
    m_sidebar->setObjectName(QStringLiteral("sidebar"));
    m_sidebar->setFrameShape(QFrame::NoFrame);
    m_sidebar->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_sidebar->setStyleSheet(
        QStringLiteral("QListWidget#sidebar { background: palette(window); "
                       "border-right: 1px solid palette(mid); padding-top: 8px; outline: 0; }"
                       "QListWidget#sidebar::item { padding-left: 16px; padding-right: 16px; "
                       "padding-top: 8px; padding-bottom: 8px; border: none; }"
                       "QListWidget#sidebar::item:selected { background: palette(highlight); "
                       "color: palette(highlighted-text); }"));
    outer->addWidget(m_sidebar);

    auto *right = new QVBoxLayout();
    right->setContentsMargins(0, 0, 0, 0);
    right->setSpacing(0);

    // Shown on every page: without a secure store no upstream key can be saved anywhere.
    m_banner = new QFrame(central);
    m_banner->setObjectName(QStringLiteral("secretsBanner"));
    m_banner->setStyleSheet(QStringLiteral("QFrame#secretsBanner { background: #fff4e5; "
                                           "border-bottom: 1px solid #f0b35b; }"
                                           "QFrame#secretsBanner QLabel { color: #7a4100; }"));
    auto *bannerLayout = new QHBoxLayout(m_banner);
    bannerLayout->setContentsMargins(16, 10, 16, 10);
    m_secretsWarning = new QLabel(m_banner);
    m_secretsWarning->setObjectName(QStringLiteral("secretsWarning"));
    m_secretsWarning->setWordWrap(true);
    m_useInsecureFile = new QPushButton(m_banner);
    m_useInsecureFile->setObjectName(QStringLiteral("useInsecureSecretsFile"));
    bannerLayout->addWidget(m_secretsWarning, 1);
    bannerLayout->addWidget(m_useInsecureFile, 0, Qt::AlignVCenter);
    right->addWidget(m_banner);

    m_stack = new QStackedWidget(central);
    m_stack->setObjectName(QStringLiteral("pages"));
    right->addWidget(m_stack, 1);
    outer->addLayout(right, 1);
    setCentralWidget(central);

    // Order matches Page.
    addPage(new DashboardPage(controller));
    addPage(new ProvidersPage(controller));
    addPage(new GroupsPage(controller));
    addPage(new RoutingPage(controller));
    addPage(new ClientKeysPage(controller));
    addPage(new UsagePage(controller));
    addPage(new LogsPage(controller));
    addPage(new SettingsPage(controller));
    for (int i = 0; i < PageCount; ++i)
        m_sidebar->addItem(QString());

    connect(m_sidebar, &QListWidget::currentRowChanged, m_stack, &QStackedWidget::setCurrentIndex);
    connect(m_useInsecureFile, &QPushButton::clicked, this, &MainWindow::offerInsecureSecretsFile);
    connect(m_controller, &AppController::secretsChanged, this, &MainWindow::refreshSecretsBanner);
    m_sidebar->setCurrentRow(0);

    // Large enough for the tables of the entity pages, never larger than the screen.
    QSize size(1180, 780);
    if (const QScreen *screen = QGuiApplication::primaryScreen())
        size = size.boundedTo(screen->availableSize() * 0.9);
    resize(size);
    retranslate();
}

void MainWindow::addPage(QWidget *page)
{
    m_pages.append(page);
    // Every page scrolls when the window is smaller than it needs; a resizable scroll area otherwise
    // gives the page all the room, so pages with their own scrolling views behave as usual.
    auto *scroll = new QScrollArea(m_stack);
    scroll->setObjectName(page->objectName().isEmpty() ? QString()
                                                       : page->objectName() + QStringLiteral("Scroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(page);
    m_stack->addWidget(scroll);
}

void MainWindow::showPage(Page page)
{
    m_sidebar->setCurrentRow(int(page));
}

MainWindow::Page MainWindow::currentPage() const
{
    return Page(m_stack->currentIndex());
}

QWidget *MainWindow::page(Page page) const
{
    return m_pages.value(int(page));
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QMainWindow::changeEvent(event);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_keepRunningInTray) {
        // The proxy keeps serving from the tray; the window only hides.
        hide();
        event->ignore();
        return;
    }
    event->accept();
    Q_EMIT quitRequested();
}

void MainWindow::retranslate()
{
    setWindowTitle(tr("Switchyard"));
    const QStringList names {tr("Dashboard"),    tr("Providers & channels"),
                             tr("Model groups"), tr("Routing"),
                             tr("Client keys"),  tr("Usage"),
                             tr("Logs"),         tr("Settings")};
    int width = 0;
    for (int i = 0; i < names.size(); ++i) {
        m_sidebar->item(i)->setText(names[i]);
        width = std::max(width, m_sidebar->fontMetrics().horizontalAdvance(names[i]));
    }
    // Item padding (16 px each side) plus room for the border and a bold-ish style.
    m_sidebar->setFixedWidth(width + 2 * 16 + 24);
    m_useInsecureFile->setText(tr("Keep keys in an unencrypted file…"));
    refreshSecretsBanner();
}

void MainWindow::offerInsecureSecretsFile()
{
    auto *box = new QMessageBox(
        QMessageBox::Warning, tr("No keychain available"),
        tr("No system keychain answered, so Switchyard cannot store upstream API keys securely.")
            + QStringLiteral("\n\n")
            + tr("It can keep them in a plaintext file in its data directory instead, readable only by "
                 "your user account. Anyone who can read your files can then read the keys."),
        QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("insecureSecretsDialog"));
    QPushButton *accept = box->addButton(tr("Store keys unencrypted"), QMessageBox::AcceptRole);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::buttonClicked, this, [this, accept](QAbstractButton *button) {
        if (button != accept)
            return;
        QString error;
        if (!m_controller->enableInsecureSecretsFile(&error))
            QMessageBox::critical(this, tr("Switchyard"),
                                  tr("Could not switch the key store: %1").arg(error));
    });
    box->open();
}

void MainWindow::refreshSecretsBanner()
{
    const QString problem = m_controller->secretsProblem();
    const SecretStore *store = m_controller->secretStore();
    const bool insecure = store && !store->isSecure();
    m_banner->setVisible(!problem.isEmpty() || insecure);
    m_useInsecureFile->setVisible(!problem.isEmpty());
    if (!problem.isEmpty()) {
        m_secretsWarning->setText(
            tr("No system keychain answered, so upstream API keys cannot be stored securely. "
               "Install and unlock a Secret Service (GNOME Keyring or KWallet) and restart Switchyard, "
               "or keep keys in a plaintext file that only your user can read."));
    } else if (insecure) {
        m_secretsWarning->setText(tr("Upstream API keys are stored UNENCRYPTED in a file in the data "
                                     "directory, because no system keychain is available."));
    }
}

} // namespace Switchyard
