#include "settingspage.h"

#include "appcontroller.h"
#include "autostart.h"
#include "backups.h"
#include "configservice.h"
#include "filesecretstore.h"
#include "secretstore.h"
#include "storage.h"

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHostAddress>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

namespace Switchyard {

namespace {

const QString SettingBind = QStringLiteral("proxy/bind");
const QString SettingPort = QStringLiteral("proxy/port");
const QString SettingLanguage = QStringLiteral("language");
const QString SettingUsageDays = QStringLiteral("retention/usageDays");
const QString SettingBodyDays = QStringLiteral("retention/bodyDays");
const QString SettingCaptureBodies = QStringLiteral("proxy/captureBodies");
const QString SettingMaxAttempts = QStringLiteral("proxy/maxAttempts");
const QString SettingDeadlineMs = QStringLiteral("proxy/deadlineMs");
const QString SettingProbeInterval = QStringLiteral("health/probeIntervalSeconds");
const QString SettingNoProxy = QStringLiteral("network/noProxy");
const QString SettingRouteHeader = QStringLiteral("proxy/routeHeader");
const QString SettingDegrade = QStringLiteral("budget/degrade");

// The proxy's own defaults (proxy/engine.h EngineSettings), shown when nothing is stored.
constexpr int DefaultMaxAttempts = 3;
constexpr bool DefaultRouteHeader = true;
constexpr bool DefaultDegrade = true;

template<typename T>
T *named(T *widget, const char *name)
{
    widget->setObjectName(QLatin1String(name));
    return widget;
}

QFormLayout *newForm(QGroupBox *group)
{
    auto *form = new QFormLayout(group);
    // Text fields take the width; numbers and choices stay at their natural size.
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    return form;
}

// A labelled row; retranslate() sets the label's text through setRowLabel(). (QFormLayout makes no
// label at all for an empty label text.)
void addLabeledRow(QFormLayout *form, QWidget *field)
{
    auto *label = new QLabel(form->parentWidget());
    label->setBuddy(field);
    form->addRow(label, field);
}

QLabel *noteLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

// The label QFormLayout created for a row's field.
void setRowLabel(QWidget *field, const QString &text)
{
    if (auto *form = qobject_cast<QFormLayout *>(field->parentWidget()->layout())) {
        if (auto *label = qobject_cast<QLabel *>(form->labelForField(field)))
            label->setText(text);
    }
}

// "config-20250501-100000-123.json" (UTC) -> the local time it was taken.
QString backupTitle(const QString &path)
{
    const QString base = QFileInfo(path).completeBaseName();
    QDateTime taken = QDateTime::fromString(base.mid(7), QStringLiteral("yyyyMMdd-HHmmss-zzz"));
    if (!taken.isValid())
        return QFileInfo(path).fileName();
    taken.setTimeSpec(Qt::UTC);
    // Backups can be seconds apart, so the seconds are shown.
    const QDateTime local = taken.toLocalTime();
    return QLocale().toString(local.date(), QLocale::ShortFormat) + u' '
        + local.time().toString(QStringLiteral("HH:mm:ss"));
}

} // namespace

SettingsPage::SettingsPage(AppController *controller, QWidget *parent)
    : QWidget(parent)
    , m_controller(controller)
{
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *content = new QWidget(scroll);
    auto *layout = new QVBoxLayout(content);
    m_message = named(noteLabel(content), "settingsMessage");
    m_message->hide();
    layout->addWidget(m_message);
    layout->addWidget(buildProxyGroup());
    layout->addWidget(buildGeneralGroup());
    layout->addWidget(buildDataGroup());
    layout->addWidget(buildConfigGroup());
    layout->addWidget(buildSecretsGroup());
    layout->addWidget(buildAdminGroup());
    layout->addWidget(buildAdvancedGroup());
    layout->addStretch(1);
    scroll->setWidget(content);
    outer->addWidget(scroll);

    if (Storage *storage = m_controller->storage())
        connect(storage, &Storage::settingChanged, this, &SettingsPage::reloadSetting);
    connect(m_controller, &AppController::proxyStateChanged, this, &SettingsPage::showEndpointState);
    connect(m_controller, &AppController::secretsChanged, this, [this] {
        refreshSecrets();
        refreshAdminToken();
    });

    retranslate();
    for (const auto &load : std::as_const(m_loaders))
        load();
    showEndpointState();
    refreshBackups();
    refreshSecrets();
    refreshAdminToken();
}

// --- Building ---

QGroupBox *SettingsPage::buildProxyGroup()
{
    m_proxyGroup = new QGroupBox;
    auto *form = newForm(m_proxyGroup);
    m_bind = named(new QLineEdit(m_proxyGroup), "bindAddress");
    addLabeledRow(form, m_bind);
    m_port = named(new QSpinBox(m_proxyGroup), "port");
    m_port->setRange(0, 65535);
    m_port->setKeyboardTracking(false);
    addLabeledRow(form, m_port);
    auto *applyRow = new QHBoxLayout;
    m_applyEndpoint = named(new QPushButton(m_proxyGroup), "applyEndpoint");
    m_endpointStatus = named(noteLabel(m_proxyGroup), "endpointStatus");
    applyRow->addWidget(m_applyEndpoint, 0, Qt::AlignTop);
    applyRow->addWidget(m_endpointStatus, 1);
    form->addRow(applyRow);
    m_overrideNote = noteLabel(m_proxyGroup);
    form->addRow(m_overrideNote);

    addLoader(SettingBind, [this] {
        m_bind->setText(storedSetting(SettingBind, AppOptions::defaultBindAddress().toString()).toString());
    });
    addLoader(SettingPort, [this] {
        const QSignalBlocker blocker(m_port);
        m_port->setValue(storedSetting(SettingPort, AppOptions::DefaultPort).toInt());
    });
    connect(m_applyEndpoint, &QPushButton::clicked, this, &SettingsPage::applyEndpoint);
    connect(m_bind, &QLineEdit::returnPressed, this, &SettingsPage::applyEndpoint);
    return m_proxyGroup;
}

QGroupBox *SettingsPage::buildGeneralGroup()
{
    m_generalGroup = new QGroupBox;
    auto *form = newForm(m_generalGroup);
    m_autostart = named(new QCheckBox(m_generalGroup), "autostart");
    m_autostart->setChecked(Autostart().isEnabled());
    form->addRow(m_autostart);
    connect(m_autostart, &QCheckBox::toggled, this, &SettingsPage::setAutostart);

    m_language = named(new QComboBox(m_generalGroup), "language");
    m_language->addItem(QString(), QString());
    // Each language in its own words, so it can be found whatever the current language is.
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("简体中文"), QStringLiteral("zh_CN"));
    addLabeledRow(form, m_language);
    addLoader(SettingLanguage, [this] {
        const int index = m_language->findData(storedSetting(SettingLanguage, QString()).toString());
        const QSignalBlocker blocker(m_language);
        m_language->setCurrentIndex(qMax(0, index));
    });
    connect(m_language, &QComboBox::activated, this, [this](int index) {
        const QString code = m_language->itemData(index).toString();
        saveSetting(SettingLanguage, code);
        Q_EMIT languageSelected(code);
    });
    return m_generalGroup;
}

QGroupBox *SettingsPage::buildDataGroup()
{
    m_dataGroup = new QGroupBox;
    auto *form = newForm(m_dataGroup);
    m_usageDays = named(new QSpinBox(m_dataGroup), "usageRetentionDays");
    m_usageDays->setRange(1, 3650);
    addLabeledRow(form, m_usageDays);
    bindSpin(m_usageDays, SettingUsageDays, DefaultUsageRetentionDays);
    m_bodyDays = named(new QSpinBox(m_dataGroup), "bodyRetentionDays");
    m_bodyDays->setRange(1, 365);
    addLabeledRow(form, m_bodyDays);
    bindSpin(m_bodyDays, SettingBodyDays, DefaultBodyRetentionDays);
    m_captureBodies = named(new QCheckBox(m_dataGroup), "captureBodies");
    form->addRow(m_captureBodies);
    bindCheck(m_captureBodies, SettingCaptureBodies, false);
    m_privacyNote = noteLabel(m_dataGroup);
    form->addRow(m_privacyNote);
    return m_dataGroup;
}

QGroupBox *SettingsPage::buildConfigGroup()
{
    m_configGroup = new QGroupBox;
    auto *layout = new QVBoxLayout(m_configGroup);
    auto *buttons = new QHBoxLayout;
    m_export = named(new QPushButton(m_configGroup), "exportConfig");
    m_includeKeys = named(new QCheckBox(m_configGroup), "exportIncludeKeys");
    m_import = named(new QPushButton(m_configGroup), "importConfig");
    buttons->addWidget(m_export);
    buttons->addWidget(m_includeKeys);
    buttons->addStretch(1);
    buttons->addWidget(m_import);
    layout->addLayout(buttons);
    m_includeKeysWarning = noteLabel(m_configGroup);
    m_includeKeysWarning->hide();
    layout->addWidget(m_includeKeysWarning);
    m_configStatus = named(noteLabel(m_configGroup), "configStatus");
    m_configStatus->hide();
    layout->addWidget(m_configStatus);
    m_backupsLabel = noteLabel(m_configGroup);
    layout->addWidget(m_backupsLabel);
    auto *backupRow = new QHBoxLayout;
    m_backups = named(new QListWidget(m_configGroup), "backupsList");
    m_backups->setMaximumHeight(m_backups->fontMetrics().lineSpacing() * 6 + 8);
    m_restore = named(new QPushButton(m_configGroup), "restoreBackup");
    m_restore->setEnabled(false);
    backupRow->addWidget(m_backups, 1);
    backupRow->addWidget(m_restore, 0, Qt::AlignTop);
    layout->addLayout(backupRow);

    connect(m_includeKeys, &QCheckBox::toggled, m_includeKeysWarning, &QWidget::setVisible);
    connect(m_export, &QPushButton::clicked, this, &SettingsPage::startExport);
    connect(m_import, &QPushButton::clicked, this, &SettingsPage::startImport);
    connect(m_backups, &QListWidget::currentRowChanged, this,
            [this](int row) { m_restore->setEnabled(row >= 0); });
    connect(m_restore, &QPushButton::clicked, this, &SettingsPage::confirmRestore);
    return m_configGroup;
}

QGroupBox *SettingsPage::buildSecretsGroup()
{
    m_secretsGroup = new QGroupBox;
    auto *layout = new QVBoxLayout(m_secretsGroup);
    m_secretsStatus = named(noteLabel(m_secretsGroup), "secretsStatus");
    layout->addWidget(m_secretsStatus);
    m_enableInsecure = named(new QPushButton(m_secretsGroup), "enableInsecureSecrets");
    layout->addWidget(m_enableInsecure, 0, Qt::AlignLeft);
    connect(m_enableInsecure, &QPushButton::clicked, this, &SettingsPage::confirmInsecureSecrets);
    return m_secretsGroup;
}

QGroupBox *SettingsPage::buildAdminGroup()
{
    m_adminGroup = new QGroupBox;
    auto *layout = new QVBoxLayout(m_adminGroup);
    m_adminNote = noteLabel(m_adminGroup);
    layout->addWidget(m_adminNote);
    auto *row = new QHBoxLayout;
    m_adminToken = named(new QLineEdit(m_adminGroup), "adminToken");
    m_adminToken->setReadOnly(true);
    m_adminToken->setEchoMode(QLineEdit::Password);
    m_adminToken->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_revealToken = named(new QPushButton(m_adminGroup), "revealAdminToken");
    m_revealToken->setCheckable(true);
    m_copyToken = named(new QPushButton(m_adminGroup), "copyAdminToken");
    m_regenerateToken = named(new QPushButton(m_adminGroup), "regenerateAdminToken");
    row->addWidget(m_adminToken, 1);
    row->addWidget(m_revealToken);
    row->addWidget(m_copyToken);
    row->addWidget(m_regenerateToken);
    layout->addLayout(row);
    m_adminStatus = noteLabel(m_adminGroup);
    m_adminStatus->hide();
    layout->addWidget(m_adminStatus);

    connect(m_revealToken, &QPushButton::toggled, this, [this](bool reveal) {
        m_adminToken->setEchoMode(reveal ? QLineEdit::Normal : QLineEdit::Password);
        retranslate();
    });
    connect(m_copyToken, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(m_adminToken->text());
        showMessage(m_adminStatus, tr("The token is on the clipboard."), Tone::Normal);
    });
    connect(m_regenerateToken, &QPushButton::clicked, this, &SettingsPage::confirmRegenerateToken);
    return m_adminGroup;
}

QGroupBox *SettingsPage::buildAdvancedGroup()
{
    m_advancedGroup = new QGroupBox;
    auto *form = newForm(m_advancedGroup);
    m_maxAttempts = named(new QSpinBox(m_advancedGroup), "maxAttempts");
    m_maxAttempts->setRange(1, 10);
    addLabeledRow(form, m_maxAttempts);
    bindSpin(m_maxAttempts, SettingMaxAttempts, DefaultMaxAttempts);
    m_deadline = named(new QSpinBox(m_advancedGroup), "deadlineMs");
    m_deadline->setRange(0, 3600000);
    m_deadline->setSingleStep(1000);
    m_deadline->setSuffix(QStringLiteral(" ms"));
    addLabeledRow(form, m_deadline);
    bindSpin(m_deadline, SettingDeadlineMs, 0);
    m_probeInterval = named(new QSpinBox(m_advancedGroup), "probeIntervalSeconds");
    m_probeInterval->setRange(0, 86400);
    m_probeInterval->setSingleStep(30);
    m_probeInterval->setSuffix(QStringLiteral(" s"));
    addLabeledRow(form, m_probeInterval);
    bindSpin(m_probeInterval, SettingProbeInterval, 0);
    m_noProxy = named(new QLineEdit(m_advancedGroup), "noProxy");
    addLabeledRow(form, m_noProxy);
    bindText(m_noProxy, SettingNoProxy);
    m_routeHeader = named(new QCheckBox(m_advancedGroup), "routeHeader");
    form->addRow(m_routeHeader);
    bindCheck(m_routeHeader, SettingRouteHeader, DefaultRouteHeader);
    m_degrade = named(new QCheckBox(m_advancedGroup), "degradeOnBudget");
    form->addRow(m_degrade);
    bindCheck(m_degrade, SettingDegrade, DefaultDegrade);
    return m_advancedGroup;
}

// --- Settings binding ---

void SettingsPage::addLoader(const QString &key, std::function<void()> load)
{
    m_loaders.insert(key, std::move(load));
}

void SettingsPage::bindSpin(QSpinBox *spin, const QString &key, int defaultValue)
{
    // Without keyboard tracking the value only changes on Enter, focus loss or the arrows, so typing
    // "120" does not save 1 and 12 first.
    spin->setKeyboardTracking(false);
    addLoader(key, [this, spin, key, defaultValue] {
        const QSignalBlocker blocker(spin);
        spin->setValue(storedSetting(key, defaultValue).toInt());
    });
    connect(spin, &QSpinBox::valueChanged, this, [this, key](int value) { saveSetting(key, value); });
}

void SettingsPage::bindCheck(QCheckBox *check, const QString &key, bool defaultValue)
{
    addLoader(key, [this, check, key, defaultValue] {
        const QSignalBlocker blocker(check);
        const QVariant value = storedSetting(key, defaultValue);
        // Hand-edited imports may hold "false" or 0; read them the way the proxy does.
        const QString text = value.toString().trimmed().toLower();
        check->setChecked(value.typeId() == QMetaType::Bool
                              ? value.toBool()
                              : !(text == u"false" || text == u"0" || text == u"no" || text == u"off"));
    });
    connect(check, &QCheckBox::toggled, this, [this, key](bool on) { saveSetting(key, on); });
}

void SettingsPage::bindText(QLineEdit *edit, const QString &key)
{
    addLoader(key, [this, edit, key] { edit->setText(storedSetting(key, QString()).toString()); });
    connect(edit, &QLineEdit::editingFinished, this,
            [this, edit, key] { saveSetting(key, edit->text().trimmed()); });
}

QVariant SettingsPage::storedSetting(const QString &key, const QVariant &defaultValue) const
{
    Storage *storage = m_controller->storage();
    return storage ? storage->setting(key, defaultValue) : defaultValue;
}

void SettingsPage::saveSetting(const QString &key, const QVariant &value)
{
    Storage *storage = m_controller->storage();
    if (!storage)
        return;
    if (storage->setting(key) == value)
        return;
    QString error;
    if (!storage->setSetting(key, value, &error))
        showMessage(m_message, tr("Could not save the setting %1: %2").arg(key, error), Tone::Error);
}

void SettingsPage::reloadSetting(const QString &key)
{
    // A change made elsewhere (the tray, an import, another page) shows up here at once.
    if (const auto load = m_loaders.value(key))
        load();
    if (key == SettingBind || key == SettingPort)
        showEndpointState();
}

// --- Text ---

void SettingsPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        // Status lines report something already done; they are not worth keeping in the old language.
        for (QLabel *status : {m_message, m_configStatus, m_adminStatus})
            showMessage(status, QString(), Tone::Normal);
        retranslate();
    }
    QWidget::changeEvent(event);
}

void SettingsPage::retranslate()
{
    m_proxyGroup->setTitle(tr("Proxy address"));
    setRowLabel(m_bind, tr("&Listen on:"));
    m_bind->setToolTip(tr("127.0.0.1 keeps the proxy private to this computer. 0.0.0.0 or :: opens it to "
                          "your network: every client then needs a client key."));
    setRowLabel(m_port, tr("&Port:"));
    setSpecialValueText(m_port, tr("Any free port"));
    m_applyEndpoint->setText(tr("Apply and restart"));
    const AppOptions &options = m_controller->options();
    m_overrideNote->setVisible(options.bindAddress || options.port);
    m_overrideNote->setText(tr("The command line sets the address or port of this run; it takes precedence "
                               "over these settings until Switchyard is started without it."));

    m_generalGroup->setTitle(tr("General"));
    m_autostart->setText(tr("Start Switchyard when I &log in"));
    setRowLabel(m_language, tr("Lan&guage:"));
    m_language->setItemText(0, tr("System default"));

    m_dataGroup->setTitle(tr("Usage log and privacy"));
    setRowLabel(m_usageDays, tr("Keep the &usage log for:"));
    m_usageDays->setSuffix(tr(" days"));
    setRowLabel(m_bodyDays, tr("Keep captured &bodies for:"));
    m_bodyDays->setSuffix(tr(" days"));
    m_captureBodies->setText(tr("&Capture request and response bodies (for debugging)"));
    m_privacyNote->setText(tr("Captured bodies hold everything sent to the models and their answers: "
                              "prompts, source code, file contents. They stay in the local database on this "
                              "computer and are deleted after the period above. Leave this off unless you "
                              "are tracking down a problem."));

    m_configGroup->setTitle(tr("Configuration file"));
    m_export->setText(tr("&Export…"));
    m_includeKeys->setText(tr("Include upstream API &keys"));
    m_includeKeysWarning->setText(tr("The file will contain your upstream API keys in plain text. Keep it "
                                     "somewhere safe and delete it when you no longer need it."));
    showFeedback(m_includeKeysWarning, m_includeKeysWarning->text(), Tone::Warning);
    m_import->setText(tr("&Import…"));
    m_backupsLabel->setText(tr("Backups, taken before every import (newest first):"));
    m_restore->setText(tr("&Restore…"));

    m_secretsGroup->setTitle(tr("Upstream API keys"));
    m_enableInsecure->setText(tr("Store keys in a plain file instead…"));

    m_adminGroup->setTitle(tr("Management API"));
    m_adminNote->setText(tr("Scripts call %1/admin/… with this token as the bearer token (Authorization: "
                            "Bearer …). Regenerating it locks out every script that uses the old one.")
                             .arg(m_controller->baseUrl()));
    m_revealToken->setText(m_revealToken->isChecked() ? tr("Hide") : tr("Show"));
    m_copyToken->setText(tr("Copy"));
    m_regenerateToken->setText(tr("Regenerate…"));

    m_advancedGroup->setTitle(tr("Advanced"));
    setRowLabel(m_maxAttempts, tr("Attempts per request:"));
    m_maxAttempts->setToolTip(tr("How many upstreams a request may try, retries included, before the "
                                 "error goes back to the client."));
    setRowLabel(m_deadline, tr("Deadline per request:"));
    setSpecialValueText(m_deadline, tr("None"));
    m_deadline->setToolTip(tr("An overall limit for one request, failovers included. None: only the idle "
                              "timeouts apply."));
    setRowLabel(m_probeInterval, tr("Health probe interval:"));
    setSpecialValueText(m_probeInterval, tr("Off"));
    setRowLabel(m_noProxy, tr("No outbound proxy for:"));
    m_noProxy->setPlaceholderText(tr("Hosts, comma-separated, e.g. localhost, .internal.example"));
    m_routeHeader->setText(tr("Send the route taken in the x-switchyard-route response header"));
    m_degrade->setText(tr("Prefer cheaper models once 80% of a daily budget is used"));

    showEndpointState();
    refreshSecrets();
    refreshBackups();
}

// --- Endpoint ---

void SettingsPage::showEndpointState()
{
    if (m_controller->isProxyRunning())
        showMessage(m_endpointStatus, tr("Listening on %1").arg(m_controller->baseUrl()), Tone::Normal);
    else
        showMessage(
            m_endpointStatus,
            tr("The proxy is stopped. It will listen on %1 when started.").arg(m_controller->baseUrl()),
            Tone::Normal);
}

void SettingsPage::applyEndpoint()
{
    const QString bindText = m_bind->text().trimmed();
    QHostAddress address;
    if (!address.setAddress(bindText)) {
        showMessage(m_endpointStatus,
                    tr("“%1” is not an IP address (for example 127.0.0.1 or ::1).").arg(bindText),
                    Tone::Error);
        return;
    }
    saveSetting(SettingBind, address.toString());
    saveSetting(SettingPort, m_port->value());
    if (!m_controller->isProxyRunning()) {
        showEndpointState();
        return;
    }
    m_controller->stopProxy();
    QString error;
    if (!m_controller->startProxy(&error)) {
        showMessage(m_endpointStatus, tr("The proxy could not start: %1").arg(error), Tone::Error);
        return;
    }
    showEndpointState();
}

// --- Autostart ---

void SettingsPage::setAutostart(bool enabled)
{
    Autostart autostart;
    QString error;
    if (!autostart.setEnabled(enabled, &error)) {
        showMessage(m_message, tr("Could not change the login item: %1").arg(error), Tone::Error);
        const QSignalBlocker blocker(m_autostart);
        m_autostart->setChecked(autostart.isEnabled());
    }
}

// --- Import and export ---

void SettingsPage::startExport()
{
    auto *dialog = new QFileDialog(this, tr("Export configuration"), QDir::homePath(),
                                   tr("Switchyard configuration (*.json)"));
    dialog->setObjectName(QStringLiteral("exportDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(QStringLiteral("json"));
    dialog->selectFile(QStringLiteral("switchyard-config.json"));
    connect(dialog, &QFileDialog::fileSelected, this, &SettingsPage::exportTo);
    dialog->open();
}

void SettingsPage::startImport()
{
    auto *dialog = new QFileDialog(this, tr("Import configuration"), QDir::homePath(),
                                   tr("Switchyard configuration (*.json);;All files (*)"));
    dialog->setObjectName(QStringLiteral("importDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptOpen);
    dialog->setFileMode(QFileDialog::ExistingFile);
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &path) {
        importFrom(path,
                   tr("Imported %1. The previous configuration is in the backups below.")
                       .arg(QDir::toNativeSeparators(path)));
    });
    dialog->open();
}

void SettingsPage::exportTo(const QString &path)
{
    ConfigService *service = m_controller->configService();
    QString error;
    if (!service || !service->exportFile(path, m_includeKeys->isChecked(), &error)) {
        showMessage(m_configStatus,
                    tr("Export failed: %1").arg(service ? error : tr("Switchyard is not running.")),
                    Tone::Error);
        return;
    }
    showMessage(
        m_configStatus,
        m_includeKeys->isChecked()
            ? tr("Exported to %1, with the API keys in plain text.").arg(QDir::toNativeSeparators(path))
            : tr("Exported to %1.").arg(QDir::toNativeSeparators(path)),
        m_includeKeys->isChecked() ? Tone::Warning : Tone::Normal);
}

void SettingsPage::importFrom(const QString &path, const QString &doneMessage)
{
    ConfigService *service = m_controller->configService();
    QString error;
    if (!service || !service->importFile(path, &error)) {
        // The service validates the whole file first: nothing changed.
        showMessage(m_configStatus,
                    tr("Nothing was imported: %1").arg(service ? error : tr("Switchyard is not running.")),
                    Tone::Error);
        return;
    }
    showMessage(m_configStatus, doneMessage, Tone::Normal);
    refreshBackups();
}

void SettingsPage::refreshBackups()
{
    ConfigService *service = m_controller->configService();
    const QString current =
        m_backups->currentItem() ? m_backups->currentItem()->data(Qt::UserRole).toString() : QString();
    m_backups->clear();
    const QStringList paths = service ? Backups::list(service->backupDir()) : QStringList();
    for (const QString &path : paths) {
        auto *item = new QListWidgetItem(backupTitle(path), m_backups);
        item->setData(Qt::UserRole, path);
        item->setToolTip(QDir::toNativeSeparators(path));
        if (path == current)
            m_backups->setCurrentItem(item);
    }
    if (paths.isEmpty()) {
        auto *item = new QListWidgetItem(tr("No backups yet."), m_backups);
        item->setFlags(Qt::NoItemFlags);
    }
    m_restore->setEnabled(m_backups->currentItem() != nullptr);
}

void SettingsPage::confirmRestore()
{
    const QListWidgetItem *item = m_backups->currentItem();
    if (!item)
        return;
    const QString path = item->data(Qt::UserRole).toString();
    const QString title = item->text();
    askToConfirm(this, QStringLiteral("confirmRestoreBackup"), QMessageBox::Question, tr("Restore backup"),
                 tr("Import the configuration saved on %1? The current configuration is backed up first, so "
                    "this can be undone the same way.")
                     .arg(title),
                 tr("Restore"),
                 [this, path, title] { importFrom(path, tr("Restored the backup of %1.").arg(title)); });
}

// --- Admin token ---

void SettingsPage::refreshAdminToken()
{
    const QString token = m_controller->secretStore() ? m_controller->adminToken() : QString();
    m_adminToken->setText(token);
    m_adminToken->setPlaceholderText(token.isEmpty() ? tr("Needs a key store (see above)") : QString());
    m_revealToken->setEnabled(!token.isEmpty());
    m_copyToken->setEnabled(!token.isEmpty());
    m_regenerateToken->setEnabled(m_controller->secretStore() != nullptr);
}

void SettingsPage::confirmRegenerateToken()
{
    askToConfirm(
        this, QStringLiteral("confirmRegenerateToken"), QMessageBox::Warning,
        tr("Regenerate the admin token"),
        tr("Scripts that use the current token stop working at once. Continue?"), tr("Regenerate"), [this] {
            QString error;
            const QString token = m_controller->regenerateAdminToken(&error);
            if (token.isEmpty()) {
                showMessage(m_adminStatus, tr("Could not regenerate the token: %1").arg(error), Tone::Error);
                return;
            }
            refreshAdminToken();
            showMessage(m_adminStatus, tr("New token created; the old one no longer works."), Tone::Normal);
        });
}

// --- Secret store ---

void SettingsPage::refreshSecrets()
{
    SecretStore *store = m_controller->secretStore();
    const QString problem = m_controller->secretsProblem();
    m_enableInsecure->setVisible(!store && !problem.isEmpty());
    if (!store) {
        showMessage(
            m_secretsStatus,
            tr("No key store is available, so channels that need an API key cannot be used. %1").arg(problem),
            Tone::Error);
    } else if (!store->isSecure()) {
        const auto *file = dynamic_cast<const FileSecretStore *>(store);
        showMessage(m_secretsStatus,
                    tr("Upstream API keys are stored UNENCRYPTED in %1, readable only by your user account, "
                       "because no system keychain answered. Anyone who can read your files can read "
                       "the keys.")
                        .arg(file ? QDir::toNativeSeparators(file->path()) : store->backendName()),
                    Tone::Warning);
    } else {
        showMessage(m_secretsStatus, tr("Upstream API keys are stored in the system keychain."),
                    Tone::Normal);
    }
}

void SettingsPage::confirmInsecureSecrets()
{
    askToConfirm(this, QStringLiteral("confirmInsecureSecrets"), QMessageBox::Warning,
                 tr("Store keys without encryption?"),
                 tr("No system keychain answered, so Switchyard cannot store upstream API keys securely. It "
                    "can keep them in a plain file in its data folder instead, readable only by your user "
                    "account. Anyone who can read your files can then read the keys."),
                 tr("Store keys unencrypted"), [this] {
                     QString error;
                     if (!m_controller->enableInsecureSecretsFile(&error))
                         showMessage(m_secretsStatus, tr("Could not switch the key store: %1").arg(error),
                                     Tone::Error);
                     // secretsChanged() refreshes the section on success.
                 });
}

void SettingsPage::showMessage(QLabel *label, const QString &text, Tone tone)
{
    showFeedback(label, text, tone);
    label->setVisible(!text.isEmpty());
}

} // namespace Switchyard
