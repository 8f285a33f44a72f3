#pragma once

#include "configtypes.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QScrollArea;
class QStackedWidget;
class QTabWidget;
class QTableView;

namespace Switchyard {

class AppController;
class ChannelEditor;
class ChannelModel;
class ProviderEditor;
class ProviderModel;

// Providers and their channels: create (from a preset), edit, delete, enable; keys to the keychain;
// Test; Discover models; prices. Left: the providers. Right, for the selected provider: a
// "Provider" tab (settings and prices) and a "Channels" tab (its channels and the channel editor).
// Everything is stored through Storage; the page reloads itself on configChanged, keeping the
// selection and any unsaved edits.
class ProvidersPage : public QWidget
{
    Q_OBJECT
public:
    explicit ProvidersPage(AppController *controller, QWidget *parent = nullptr);

    ProviderModel *providerModel() const { return m_providerModel; }
    ChannelModel *channelModel() const { return m_channelModel; }
    ProviderEditor *providerEditor() const { return m_providerEditor; }
    ChannelEditor *channelEditor() const { return m_channelEditor; }

    qint64 currentProviderId() const;
    qint64 currentChannelId() const;
    void selectProvider(qint64 id);
    void selectChannel(qint64 id);

    // Creates a provider and its first channel from a preset, selects them; returns the provider id
    // (0 on failure, with the reason shown).
    qint64 addProviderFromPreset(const QString &presetId);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void reload();
    void showProviderDetails();
    void showChannelDetails();
    void addChannel();
    void deleteProvider();
    void deleteChannel();
    void storeEnabled(bool provider, int row);
    void removeSecrets(const QList<Channel> &channels);
    void showError(const QString &message);
    QString uniqueProviderName(const QString &base) const;
    QString uniqueChannelName(const QString &base) const;

    AppController *m_controller;
    ConfigData m_config;
    bool m_reloading = false;

    QLabel *m_title;
    QTableView *m_providerView;
    ProviderModel *m_providerModel;
    QComboBox *m_presetCombo;
    QPushButton *m_addProvider;
    QPushButton *m_deleteProvider;
    QLabel *m_presetHint;

    QStackedWidget *m_detailStack;
    QLabel *m_emptyHint;
    QTabWidget *m_tabs;
    ProviderEditor *m_providerEditor;
    QTableView *m_channelView;
    ChannelModel *m_channelModel;
    QPushButton *m_addChannel;
    QPushButton *m_deleteChannel;
    QScrollArea *m_channelScroll;
    ChannelEditor *m_channelEditor;
    QLabel *m_error;
};

} // namespace Switchyard
