#pragma once

#include "configtypes.h"
#include "pagefeedback.h"

#include <QWidget>

#include <optional>

class QCheckBox;
class QDateTimeEdit;
class QDoubleSpinBox;
class QFrame;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableView;

namespace Switchyard {

class AppController;
class ClientKeyModel;
class SlotMapEditor;

// Client keys: the keys local tools present to the proxy. Create (the key is shown once, with a Copy
// button, and only its hash and prefix are stored), disable and enable, expiry, daily budget, model
// allowlist, slot map, delete.
//
// Widgets tests drive (objectName): newKeyName, createKey, newKeyPanel, newKeyText, copyNewKey,
// dismissNewKey, keysTable, keyEditor, keyName, keyNeverExpires, keyExpiry, keyBudget, keyAllowlist,
// slotMapEditor, saveKey, revertKey, toggleKeyDisabled, deleteKey, keyMessage; the delete question is
// a QMessageBox named confirmDeleteKey.
class ClientKeysPage : public QWidget
{
    Q_OBJECT

public:
    explicit ClientKeysPage(AppController *controller, QWidget *parent = nullptr);

    ClientKeyModel *model() const { return m_model; }
    // The id of the key in the editor, 0 when none is selected.
    qint64 selectedKeyId() const { return m_selectedId; }
    void selectKey(qint64 id);

    // Comma- or newline-separated model names (globs allowed), trimmed, empty parts and repeats
    // dropped.
    static QStringList parseAllowlist(const QString &text);

Q_SIGNALS:
    // A key was created; the plaintext went to the panel only.
    void keyCreated(qint64 id);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void reload();
    void createKey();
    void showNewKey(const QString &name, const QString &plaintext);
    void dismissNewKey();
    void loadEditor();
    void saveEditor();
    void toggleDisabled();
    void confirmDelete();
    void updateButtons();
    void showMessage(const QString &text, Tone tone);
    // The stored key with the selected id (the editor's changes are applied onto it, so a change
    // made elsewhere meanwhile, e.g. disabled from the tray, is not undone).
    std::optional<ClientKey> storedKey(qint64 id) const;
    bool store(ClientKey *key);

    AppController *m_controller;
    ClientKeyModel *m_model;
    ConfigData m_config; // the last loaded config: channels and groups for the slot targets
    qint64 m_selectedId = 0;
    bool m_loading = false;

    QLabel *m_intro;
    QLineEdit *m_newName;
    QPushButton *m_create;
    QFrame *m_newKeyPanel;
    QString m_newKeyName; // the name, never the key: the title is retranslated
    QLabel *m_newKeyTitle;
    QLineEdit *m_newKeyText;
    QPushButton *m_copyNewKey;
    QLabel *m_newKeyWarning;
    QPushButton *m_dismissNewKey;
    QTableView *m_table;
    QGroupBox *m_editor;
    QLabel *m_nameLabel;
    QLineEdit *m_name;
    QLabel *m_expiryLabel;
    QCheckBox *m_neverExpires;
    QDateTimeEdit *m_expiry;
    QLabel *m_budgetLabel;
    QDoubleSpinBox *m_budget;
    QLabel *m_allowlistLabel;
    QPlainTextEdit *m_allowlist;
    QLabel *m_slotMapLabel;
    SlotMapEditor *m_slotMap;
    QLabel *m_message;
    QPushButton *m_save;
    QPushButton *m_revert;
    QPushButton *m_toggleDisabled;
    QPushButton *m_delete;
};

} // namespace Switchyard
