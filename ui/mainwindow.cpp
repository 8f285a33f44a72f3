#include "mainwindow.h"

#include "appcontroller.h"
#include "secretstore.h"

#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QFontDatabase>
#include <QGridLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Switchyard {

MainWindow::MainWindow(AppController *controller, QWidget *parent)
    : QMainWindow(parent)
    , m_controller(controller)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/switchyard.svg")));

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(24, 24, 24, 24);
    layout->setSpacing(12);

    m_title = new QLabel(central);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    layout->addWidget(m_title);

    m_status = new QLabel(central);
    m_status->setObjectName(QStringLiteral("proxyStatus"));
    layout->addWidget(m_status);

    auto *grid = new QGridLayout();
    m_urlLabel = new QLabel(central);
    m_url = new QLabel(central);
    m_url->setObjectName(QStringLiteral("baseUrl"));
    m_url->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_copyUrl = new QPushButton(central);
    m_copyUrl->setObjectName(QStringLiteral("copyBaseUrl"));
    m_toggleProxy = new QPushButton(central);
    m_toggleProxy->setObjectName(QStringLiteral("toggleProxy"));
    grid->addWidget(m_urlLabel, 0, 0);
    grid->addWidget(m_url, 0, 1);
    grid->addWidget(m_copyUrl, 0, 2);
    grid->addWidget(m_toggleProxy, 0, 3);
    grid->setColumnStretch(1, 1);
    layout->addLayout(grid);

    m_envTitle = new QLabel(central);
    layout->addWidget(m_envTitle);
    m_envLines = new QPlainTextEdit(central);
    m_envLines->setObjectName(QStringLiteral("claudeEnvLines"));
    m_envLines->setReadOnly(true);
    m_envLines->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_envLines->setMaximumHeight(90);
    layout->addWidget(m_envLines);

    m_secretsWarning = new QLabel(central);
    m_secretsWarning->setObjectName(QStringLiteral("secretsWarning"));
    m_secretsWarning->setWordWrap(true);
    m_secretsWarning->setStyleSheet(QStringLiteral("QLabel { background: #fff4e5; color: #7a4100; "
                                                   "border: 1px solid #f0b35b; border-radius: 6px; "
                                                   "padding: 8px; }"));
    layout->addWidget(m_secretsWarning);
    m_useInsecureFile = new QPushButton(central);
    m_useInsecureFile->setObjectName(QStringLiteral("useInsecureSecretsFile"));
    layout->addWidget(m_useInsecureFile, 0, Qt::AlignLeft);
    layout->addStretch(1);
    setCentralWidget(central);

    connect(m_copyUrl, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(m_controller->baseUrl()); });
    connect(m_toggleProxy, &QPushButton::clicked, this, [this] {
        if (m_controller->isProxyRunning())
            m_controller->stopProxy();
        else
            m_controller->startProxy();
    });
    connect(m_useInsecureFile, &QPushButton::clicked, this, &MainWindow::offerInsecureSecretsFile);
    connect(m_controller, &AppController::proxyStateChanged, this, &MainWindow::refresh);
    connect(m_controller, &AppController::secretsChanged, this, &MainWindow::refresh);

    resize(760, 420);
    retranslate();
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
    m_title->setText(tr("Switchyard"));
    m_urlLabel->setText(tr("Base URL:"));
    m_copyUrl->setText(tr("Copy"));
    m_envTitle->setText(tr("Point Claude Code at Switchyard with these shell lines:"));
    m_useInsecureFile->setText(tr("Keep keys in an unencrypted file…"));
    refresh();
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

void MainWindow::refresh()
{
    const bool running = m_controller->isProxyRunning();
    const QString url = m_controller->baseUrl();
    m_status->setText(running ? tr("The proxy is running.") : tr("The proxy is stopped."));
    m_url->setText(running ? url : tr("(not listening)"));
    m_copyUrl->setEnabled(running);
    m_toggleProxy->setText(running ? tr("Stop proxy") : tr("Start proxy"));
    m_envLines->setPlainText(QStringLiteral("export ANTHROPIC_BASE_URL=%1\n"
                                            "export CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1\n")
                                 .arg(url));
    const QString problem = m_controller->secretsProblem();
    const SecretStore *store = m_controller->secretStore();
    const bool insecure = store && !store->isSecure();
    m_secretsWarning->setVisible(!problem.isEmpty() || insecure);
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
