#include "connectclaudewidget.h"

#include "appcontroller.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFontDatabase>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Switchyard {

ConnectClaudeWidget::ConnectClaudeWidget(AppController *controller, QWidget *parent)
    : QWidget(parent)
    , m_controller(controller)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    m_explanation = new QLabel(this);
    m_explanation->setWordWrap(true);
    layout->addWidget(m_explanation);

    auto *buttons = new QHBoxLayout();
    m_connect = new QPushButton(this);
    m_connect->setObjectName(QStringLiteral("connectClaudeCode"));
    m_restore = new QPushButton(this);
    m_restore->setObjectName(QStringLiteral("restoreClaudeCode"));
    buttons->addWidget(m_connect);
    buttons->addWidget(m_restore);
    buttons->addStretch(1);
    layout->addLayout(buttons);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("claudeCodeStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);

    auto *linesHeader = new QHBoxLayout();
    m_linesTitle = new QLabel(this);
    m_linesTitle->setWordWrap(true);
    m_shell = new QComboBox(this);
    m_shell->setObjectName(QStringLiteral("claudeShell"));
    m_shell->addItem(QStringLiteral("bash / zsh"), int(ClaudeCodeConnector::Shell::Posix));
    m_shell->addItem(QStringLiteral("PowerShell"), int(ClaudeCodeConnector::Shell::PowerShell));
#ifdef Q_OS_WIN
    m_shell->setCurrentIndex(1);
#endif
    m_copyLines = new QPushButton(this);
    m_copyLines->setObjectName(QStringLiteral("copyClaudeEnvLines"));
    linesHeader->addWidget(m_linesTitle, 1);
    linesHeader->addWidget(m_shell);
    linesHeader->addWidget(m_copyLines);
    layout->addLayout(linesHeader);

    m_lines = new QPlainTextEdit(this);
    m_lines->setObjectName(QStringLiteral("claudeEnvLines"));
    m_lines->setReadOnly(true);
    m_lines->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_lines->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    // Three lines plus a horizontal scroll bar, whatever the font.
    const QFontMetrics metrics(m_lines->font());
    m_lines->setFixedHeight(metrics.lineSpacing() * 4 + 2 * m_lines->frameWidth() + 12);
    layout->addWidget(m_lines);

    connect(m_connect, &QPushButton::clicked, this, &ConnectClaudeWidget::connectClaudeCode);
    connect(m_restore, &QPushButton::clicked, this, &ConnectClaudeWidget::restoreSettings);
    connect(m_shell, &QComboBox::currentIndexChanged, this, &ConnectClaudeWidget::refresh);
    connect(m_copyLines, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(m_lines->toPlainText()); });
    connect(m_controller, &AppController::proxyStateChanged, this, &ConnectClaudeWidget::refresh);

    retranslate();
}

void ConnectClaudeWidget::setHomeDir(const QString &homeDir)
{
    m_homeDir = homeDir;
    refresh();
}

ClaudeCodeConnector ConnectClaudeWidget::connector() const
{
    return ClaudeCodeConnector(m_controller, m_homeDir);
}

void ConnectClaudeWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void ConnectClaudeWidget::retranslate()
{
    m_explanation->setText(
        tr("Connect Claude Code writes the proxy's address and a Switchyard client key into "
           "~/.claude/settings.json. The file's other settings are kept and a backup is made; "
           "your provider keys never go there."));
    m_connect->setText(tr("Connect Claude Code"));
    m_restore->setText(tr("Restore previous settings"));
    m_linesTitle->setText(tr("Or set these variables in a terminal:"));
    m_copyLines->setText(tr("Copy lines"));
    refresh();
}

void ConnectClaudeWidget::connectClaudeCode()
{
    m_lastResult = connector().connect();
    if (m_lastResult.ok) {
        m_actionMessage =
            tr("Claude Code now uses Switchyard. New sessions pick it up; restart running ones.");
        for (const QString &warning : std::as_const(m_lastResult.warnings))
            m_actionMessage += u'\n' + warning;
    } else {
        m_actionMessage = m_lastResult.error;
    }
    m_actionFailed = !m_lastResult.ok;
    refresh();
    if (m_lastResult.ok)
        Q_EMIT connected();
}

void ConnectClaudeWidget::restoreSettings()
{
    QString error;
    m_actionFailed = !connector().restore(&error);
    m_actionMessage = m_actionFailed ? error : tr("The previous Claude Code settings are back.");
    m_lastResult = {};
    refresh();
}

void ConnectClaudeWidget::refresh()
{
    if (!m_controller->storage())
        return;
    const ClaudeCodeConnector c = connector();
    const auto shell = ClaudeCodeConnector::Shell(m_shell->currentData().toInt());
    m_lines->setPlainText(c.shellLines(shell).trimmed());
    m_restore->setEnabled(c.canRestore());
    const bool connected = c.isConnected();
    m_connect->setText(connected ? tr("Reconnect Claude Code") : tr("Connect Claude Code"));
    // The outcome of the last action stays until the next one.
    if (!m_actionMessage.isEmpty())
        m_status->setText(m_actionMessage);
    else
        m_status->setText(connected ? tr("Claude Code is connected to this proxy.")
                                    : tr("Claude Code is not connected yet."));
    m_status->setStyleSheet(m_actionFailed ? QStringLiteral("color: #b3261e;") : QString());
}

} // namespace Switchyard
