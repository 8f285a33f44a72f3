#pragma once

#include "configtypes.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace Switchyard {

class AppController;
class PriceModel;

// Edits one stored provider: name, API, base URL, capabilities, enabled, and its model prices.
// Save writes through Storage::saveProvider; Revert reloads the last loaded state.
class ProviderEditor : public QWidget
{
    Q_OBJECT
public:
    explicit ProviderEditor(AppController *controller, QWidget *parent = nullptr);

    void setProvider(const Provider &provider);
    qint64 providerId() const { return m_provider.id; }
    bool isDirty() const { return m_dirty; }
    // The provider as the widgets show it now.
    Provider editedProvider() const;
    PriceModel *priceModel() const { return m_prices; }
    bool save();

Q_SIGNALS:
    void saved(qint64 providerId);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void markDirty();
    void updateButtons();
    void showError(const QString &message);

    AppController *m_controller;
    Provider m_provider;
    bool m_dirty = false;
    bool m_loading = false;

    QFormLayout *m_form;
    QLineEdit *m_name;
    QComboBox *m_protocol;
    QLineEdit *m_baseUrl;
    QLineEdit *m_capabilities;
    QCheckBox *m_enabled;
    QLabel *m_protocolNote;
    QGroupBox *m_pricesBox;
    PriceModel *m_prices;
    QTableView *m_priceView;
    QPushButton *m_addPrice;
    QPushButton *m_removePrice;
    QLabel *m_error;
    QPushButton *m_save;
    QPushButton *m_revert;
};

} // namespace Switchyard
