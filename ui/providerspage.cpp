#include "providerspage.h"

#include "appcontroller.h"
#include "channeleditor.h"
#include "channelmodel.h"
#include "providereditor.h"
#include "providermodel.h"
#include "providerpresets.h"
#include "secretstore.h"
#include "storage.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace Switchyard {

namespace {

enum Tab
{
    ProviderTab,
    ChannelsTab,
};

void setUpTable(QTableView *view, QAbstractItemModel *model, int stretchColumn)
{
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->verticalHeader()->hide();
    view->setWordWrap(false);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view->horizontalHeader()->setSectionResizeMode(stretchColumn, QHeaderView::Stretch);
}

qint64 currentId(const QTableView *view)
{
    const QModelIndex index = view->currentIndex();
    return index.isValid() ? index.siblingAtColumn(0).data(ProviderModel::IdRole).toLongLong() : 0;
}

// "name", "name 2", "name 3", ... (separator " " for providers, "-" for channels, which routes name).
QString uniqueName(const QString &base, const QString &separator,
                   const std::function<bool(const QString &)> &taken)
{
    QString name = base;
    for (int n = 2; taken(name); ++n)
        name = base + separator + QString::number(n);
    return name;
}

} // namespace

ProvidersPage::ProvidersPage(AppController *controller, QWidget *parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_title(new QLabel(this))
    , m_providerView(new QTableView(this))
    , m_providerModel(new ProviderModel(this))
    , m_presetCombo(new QComboBox(this))
    , m_addProvider(new QPushButton(this))
    , m_deleteProvider(new QPushButton(this))
    , m_presetHint(new QLabel(this))
    , m_detailStack(new QStackedWidget(this))
    , m_emptyHint(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_providerEditor(new ProviderEditor(controller, this))
    , m_channelView(new QTableView(this))
    , m_channelModel(new ChannelModel(this))
    , m_addChannel(new QPushButton(this))
    , m_deleteChannel(new QPushButton(this))
    , m_channelScroll(new QScrollArea(this))
    , m_channelEditor(new ChannelEditor(controller, this))
    , m_error(new QLabel(this))
{
    m_providerView->setObjectName(QStringLiteral("providerList"));
    m_presetCombo->setObjectName(QStringLiteral("presetCombo"));
    m_addProvider->setObjectName(QStringLiteral("addProvider"));
    m_deleteProvider->setObjectName(QStringLiteral("deleteProvider"));
    m_tabs->setObjectName(QStringLiteral("providerTabs"));
    m_channelView->setObjectName(QStringLiteral("channelList"));
    m_addChannel->setObjectName(QStringLiteral("addChannel"));
    m_deleteChannel->setObjectName(QStringLiteral("deleteChannel"));
    m_error->setObjectName(QStringLiteral("providersError"));

    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    m_title->setFont(titleFont);

    setUpTable(m_providerView, m_providerModel, ProviderModel::Name);
    setUpTable(m_channelView, m_channelModel, ChannelModel::Name);
    for (const ProviderPreset &preset : ProviderPresets::all())
        m_presetCombo->addItem(preset.displayName, preset.id);
    m_presetHint->setWordWrap(true);
    m_presetHint->setEnabled(false);
    m_emptyHint->setWordWrap(true);
    m_emptyHint->setAlignment(Qt::AlignCenter);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_error->hide();

    // Left: the providers.
    auto *left = new QWidget(this);
    auto *presetRow = new QHBoxLayout;
    presetRow->addWidget(m_presetCombo, 1);
    presetRow->addWidget(m_addProvider);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_title);
    leftLayout->addWidget(m_providerView, 1);
    leftLayout->addLayout(presetRow);
    leftLayout->addWidget(m_presetHint);
    leftLayout->addWidget(m_deleteProvider, 0, Qt::AlignLeft);

    // Right: details of the selected provider.
    auto *channelsPage = new QWidget(this);
    auto *channelButtons = new QHBoxLayout;
    channelButtons->addWidget(m_addChannel);
    channelButtons->addWidget(m_deleteChannel);
    channelButtons->addStretch();
    m_channelScroll->setWidget(m_channelEditor);
    m_channelScroll->setWidgetResizable(true);
    m_channelScroll->setFrameShape(QFrame::NoFrame);
    auto *channelSplitter = new QSplitter(Qt::Vertical, channelsPage);
    auto *channelTop = new QWidget(channelSplitter);
    auto *channelTopLayout = new QVBoxLayout(channelTop);
    channelTopLayout->setContentsMargins(0, 0, 0, 0);
    channelTopLayout->addWidget(m_channelView);
    channelTopLayout->addLayout(channelButtons);
    channelSplitter->addWidget(channelTop);
    channelSplitter->addWidget(m_channelScroll);
    channelSplitter->setStretchFactor(0, 1);
    channelSplitter->setStretchFactor(1, 4);
    m_channelView->setMinimumHeight(90);
    channelSplitter->setSizes({130, 600});
    channelSplitter->setChildrenCollapsible(false);
    auto *channelsLayout = new QVBoxLayout(channelsPage);
    channelsLayout->addWidget(channelSplitter);

    auto *providerScroll = new QScrollArea(this);
    providerScroll->setWidget(m_providerEditor);
    providerScroll->setWidgetResizable(true);
    providerScroll->setFrameShape(QFrame::NoFrame);
    m_tabs->addTab(providerScroll, QString());
    m_tabs->addTab(channelsPage, QString());
    m_detailStack->addWidget(m_emptyHint);
    m_detailStack->addWidget(m_tabs);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(left);
    splitter->addWidget(m_detailStack);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 3);
    left->setMinimumWidth(left->sizeHint().width());
    splitter->setSizes({340, 760});
    splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_error);

    connect(m_providerView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        if (!m_reloading)
            showProviderDetails();
    });
    connect(m_channelView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        if (!m_reloading)
            showChannelDetails();
    });
    connect(m_providerModel, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &topLeft, const QModelIndex &, const QList<int> &roles) {
                if (!m_reloading && roles.contains(Qt::CheckStateRole))
                    storeEnabled(true, topLeft.row());
            });
    connect(m_channelModel, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &topLeft, const QModelIndex &, const QList<int> &roles) {
                if (!m_reloading && roles.contains(Qt::CheckStateRole))
                    storeEnabled(false, topLeft.row());
            });
    connect(m_presetCombo, &QComboBox::currentIndexChanged, this, &ProvidersPage::retranslate);
    connect(m_addProvider, &QPushButton::clicked, this,
            [this] { addProviderFromPreset(m_presetCombo->currentData().toString()); });
    connect(m_deleteProvider, &QPushButton::clicked, this, &ProvidersPage::deleteProvider);
    connect(m_addChannel, &QPushButton::clicked, this, &ProvidersPage::addChannel);
    connect(m_deleteChannel, &QPushButton::clicked, this, &ProvidersPage::deleteChannel);

    if (Storage *storage = controller ? controller->storage() : nullptr) {
        // Queued: a save made from inside a model's setData must not reset that model under it.
        connect(storage, &Storage::configChanged, this, &ProvidersPage::reload, Qt::QueuedConnection);
    }
    retranslate();
    reload();
}

qint64 ProvidersPage::currentProviderId() const
{
    return currentId(m_providerView);
}

qint64 ProvidersPage::currentChannelId() const
{
    return currentId(m_channelView);
}

void ProvidersPage::selectProvider(qint64 id)
{
    const int row = m_providerModel->rowOf(id);
    if (row >= 0)
        m_providerView->setCurrentIndex(m_providerModel->index(row, 0));
}

void ProvidersPage::selectChannel(qint64 id)
{
    const int row = m_channelModel->rowOf(id);
    if (row >= 0)
        m_channelView->setCurrentIndex(m_channelModel->index(row, 0));
}

void ProvidersPage::reload()
{
    Storage *storage = m_controller ? m_controller->storage() : nullptr;
    if (!storage)
        return;
    QString error;
    ConfigData config;
    if (!storage->loadConfig(&config, &error)) {
        showError(tr("Cannot read the configuration: %1").arg(error));
        return;
    }
    m_config = config;
    const qint64 providerId = currentProviderId();
    QHash<qint64, int> counts;
    for (const Channel &channel : std::as_const(m_config.channels))
        ++counts[channel.providerId];
    m_reloading = true;
    m_providerModel->setProviders(m_config.providers, counts);
    const int row = m_providerModel->rowOf(providerId);
    if (m_providerModel->rowCount() > 0)
        m_providerView->setCurrentIndex(m_providerModel->index(qMax(0, row), 0));
    m_reloading = false;
    showProviderDetails();
}

void ProvidersPage::showProviderDetails()
{
    const Provider *provider = m_config.providerById(currentProviderId());
    m_deleteProvider->setEnabled(provider != nullptr);
    m_detailStack->setCurrentIndex(provider ? 1 : 0);
    if (!provider) {
        m_providerEditor->setProvider({});
        m_channelModel->setChannels({});
        m_channelEditor->setChannel({}, {});
        return;
    }
    if (m_providerEditor->providerId() != provider->id || !m_providerEditor->isDirty())
        m_providerEditor->setProvider(*provider);

    const qint64 channelId = currentChannelId();
    QList<Channel> channels;
    for (const Channel &channel : std::as_const(m_config.channels)) {
        if (channel.providerId == provider->id)
            channels.append(channel);
    }
    m_reloading = true;
    m_channelModel->setChannels(channels);
    const int row = m_channelModel->rowOf(channelId);
    if (m_channelModel->rowCount() > 0)
        m_channelView->setCurrentIndex(m_channelModel->index(qMax(0, row), 0));
    m_reloading = false;
    showChannelDetails();
}

void ProvidersPage::showChannelDetails()
{
    const Provider *provider = m_config.providerById(currentProviderId());
    const Channel *channel = m_config.channelById(currentChannelId());
    m_deleteChannel->setEnabled(channel != nullptr);
    m_addChannel->setEnabled(provider != nullptr);
    if (!channel || !provider) {
        m_channelEditor->setChannel({}, provider ? *provider : Provider {});
        return;
    }
    if (m_channelEditor->channelId() != channel->id || !m_channelEditor->isDirty())
        m_channelEditor->setChannel(*channel, *provider);
}

qint64 ProvidersPage::addProviderFromPreset(const QString &presetId)
{
    const ProviderPreset *preset = ProviderPresets::find(presetId);
    Storage *storage = m_controller->storage();
    if (!preset || !storage)
        return 0;
    Provider provider = preset->toProvider();
    provider.name =
        uniqueProviderName(preset->id == QLatin1String("custom-openai") ? tr("Custom") : preset->displayName);
    QString error;
    if (!storage->saveProvider(&provider, &error)) {
        showError(tr("Cannot add the provider: %1").arg(error));
        return 0;
    }
    Channel channel = preset->toChannel(provider.id);
    channel.name = uniqueChannelName(preset->id);
    if (!storage->saveChannel(&channel, &error))
        showError(tr("The provider was added, but not its first channel: %1").arg(error));
    else
        m_error->hide();
    reload();
    selectProvider(provider.id);
    selectChannel(channel.id);
    // A new provider needs a key (or at least a look at its models) before it is useful.
    m_tabs->setCurrentIndex(ChannelsTab);
    return provider.id;
}

void ProvidersPage::addChannel()
{
    const Provider *provider = m_config.providerById(currentProviderId());
    if (!provider)
        return;
    Channel channel;
    channel.providerId = provider->id;
    // Start from a sibling's models, else from the preset's.
    for (const Channel &other : std::as_const(m_config.channels)) {
        if (other.providerId == provider->id) {
            channel.models = other.models;
            break;
        }
    }
    const ProviderPreset *preset =
        ProviderPresets::find(provider->options.value(QLatin1String("preset")).toString());
    if (channel.models.isEmpty() && preset)
        channel.models = preset->models;
    QString base =
        preset ? preset->id : provider->name.toLower().simplified().replace(u' ', u'-').remove(u',');
    channel.name = uniqueChannelName(base.isEmpty() ? QStringLiteral("channel") : base);
    QString error;
    if (!m_controller->storage()->saveChannel(&channel, &error)) {
        showError(tr("Cannot add the channel: %1").arg(error));
        return;
    }
    m_error->hide();
    reload();
    selectChannel(channel.id);
}

void ProvidersPage::deleteProvider()
{
    const Provider *provider = m_config.providerById(currentProviderId());
    if (!provider)
        return;
    QList<Channel> channels;
    for (const Channel &channel : std::as_const(m_config.channels)) {
        if (channel.providerId == provider->id)
            channels.append(channel);
    }
    if (!confirmRemoval(
            this, tr("Delete provider"),
            tr("Delete the provider %1 with its %n channel(s) and their keys?", nullptr, int(channels.size()))
                .arg(provider->name)))
        return;
    QString error;
    if (!m_controller->storage()->deleteProvider(provider->id, &error)) {
        showError(tr("Cannot delete the provider: %1").arg(error));
        return;
    }
    removeSecrets(channels);
    m_error->hide();
    reload();
}

void ProvidersPage::deleteChannel()
{
    const Channel *channel = m_config.channelById(currentChannelId());
    if (!channel)
        return;
    const Channel removed = *channel;
    if (!confirmRemoval(this, tr("Delete channel"),
                        tr("Delete the channel %1 and its keys? Routes and groups that use it stop using it.")
                            .arg(removed.name)))
        return;
    QString error;
    if (!m_controller->storage()->deleteChannel(removed.id, &error)) {
        showError(tr("Cannot delete the channel: %1").arg(error));
        return;
    }
    removeSecrets({removed});
    m_error->hide();
    reload();
}

// Keys of deleted channels are not referenced by anything else; leaving them in the keychain would
// keep live credentials around for nothing.
void ProvidersPage::removeSecrets(const QList<Channel> &channels)
{
    SecretStore *store = m_controller->secretStore();
    if (!store)
        return;
    for (const Channel &channel : channels) {
        for (const ChannelKey &key : channel.keys) {
            if (!key.secretRef.isEmpty())
                store->remove(key.secretRef);
        }
    }
}

void ProvidersPage::storeEnabled(bool isProvider, int row)
{
    QString error;
    bool ok = false;
    if (isProvider) {
        const Provider *stored = m_config.providerById(m_providerModel->item(row).id);
        if (!stored)
            return;
        Provider provider = *stored; // only the flag, never pending edits of the editor
        provider.enabled = m_providerModel->item(row).enabled;
        ok = m_controller->storage()->saveProvider(&provider, &error);
    } else {
        const Channel *stored = m_config.channelById(m_channelModel->item(row).id);
        if (!stored)
            return;
        Channel channel = *stored;
        channel.enabled = m_channelModel->item(row).enabled;
        ok = m_controller->storage()->saveChannel(&channel, &error);
    }
    if (!ok)
        showError(tr("Cannot save: %1").arg(error));
}

QString ProvidersPage::uniqueProviderName(const QString &base) const
{
    return uniqueName(base, QStringLiteral(" "),
                      [this](const QString &name) { return m_config.providerByName(name) != nullptr; });
}

QString ProvidersPage::uniqueChannelName(const QString &base) const
{
    return uniqueName(base, QStringLiteral("-"),
                      [this](const QString &name) { return m_config.channelByName(name) != nullptr; });
}

void ProvidersPage::showError(const QString &message)
{
    m_error->setText(message);
    m_error->show();
}

void ProvidersPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void ProvidersPage::retranslate()
{
    m_title->setText(tr("Providers"));
    m_addProvider->setText(tr("Add provider"));
    m_addProvider->setToolTip(tr("Adds a provider from the chosen preset, with a first channel"));
    m_deleteProvider->setText(tr("Delete provider"));
    m_addChannel->setText(tr("Add channel"));
    m_deleteChannel->setText(tr("Delete channel"));
    m_tabs->setTabText(ProviderTab, tr("Provider"));
    m_tabs->setTabText(ChannelsTab, tr("Channels"));
    m_emptyHint->setText(tr("No providers yet. Pick a preset on the left and press \"Add provider\"."));
    const int custom = m_presetCombo->findData(QStringLiteral("custom-openai"));
    if (custom >= 0)
        m_presetCombo->setItemText(custom, tr("Custom (OpenAI-compatible)"));
    if (const ProviderPreset *preset = ProviderPresets::find(m_presetCombo->currentData().toString())) {
        QString hint = ProviderPresets::description(*preset);
        if (!preset->needsKey)
            hint += u' ' + tr("(no key needed)");
        m_presetHint->setText(hint);
    }
    m_providerModel->retranslate();
    m_channelModel->retranslate();
}

} // namespace Switchyard
