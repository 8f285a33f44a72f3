#pragma once

// Edits a model group's time policies: the list (TimePolicyModel) with add/remove, and a form for
// the selected entry (name, weekdays, from/to, strategy, member subset). Every form change is
// written to the model at once and announced with changed().

#include <QJsonObject>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QTableView;
class QTimeEdit;

namespace Switchyard {

class TimePolicyModel;

class TimePolicyEditor : public QWidget
{
    Q_OBJECT

public:
    explicit TimePolicyEditor(QWidget *parent = nullptr);

    // Loads options["timePolicies"] (unreadable entries are reported and left out).
    void load(const QJsonObject &groupOptions);
    // Writes the policies into options (removes the key when there are none).
    void store(QJsonObject *groupOptions) const;
    // The group's members as "<channel>,<model>": what a policy may restrict the group to.
    void setMemberLabels(const QStringList &labels);

    TimePolicyModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }

Q_SIGNALS:
    void changed();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void showCurrent();
    void writeForm();
    int currentRow() const;

    TimePolicyModel *m_model;
    QTableView *m_view;
    QPushButton *m_add;
    QPushButton *m_remove;
    QLabel *m_nameLabel;
    QLineEdit *m_name;
    QLabel *m_daysLabel;
    QList<QCheckBox *> m_days;
    QLabel *m_windowLabel;
    QTimeEdit *m_from;
    QTimeEdit *m_to;
    QLabel *m_windowHint;
    QLabel *m_strategyLabel;
    QComboBox *m_strategy;
    QLabel *m_membersLabel;
    QListWidget *m_members;
    QLabel *m_errors;
    QWidget *m_form;
    QStringList m_memberLabels;
    QStringList m_loadErrors;
    bool m_updating = false;
};

} // namespace Switchyard
