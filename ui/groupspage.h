#pragma once

#include "configtypes.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace Switchyard {

class AppController;
class GroupModel;
class MemberModel;
class TimePolicyEditor;

// Model groups: the list of groups (virtual models such as auto:fast) and an editor for the
// selected one: name, strategy (hybrid weights, pinned member), enabled, budgets, the members in
// priority order (drag and drop or up/down), capability tags, context window, price overrides, and
// the time policies. Save writes the group to the store, which republishes the proxy's config.
class GroupsPage : public QWidget
{
    Q_OBJECT

public:
    explicit GroupsPage(AppController *controller, QWidget *parent = nullptr);

    GroupModel *groupModel() const { return m_groups; }
    MemberModel *memberModel() const { return m_members; }
    // The group as the form shows it now (what save() would store).
    ModelGroup editedGroup() const;
    // Loads the stored groups and channels again (keeps the selection by id).
    void reload();
    // Starts editing a new, empty group.
    void newGroup();
    // Stores the edited group; false with the reason in the status line when invalid or failed.
    bool save();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void buildForm();
    void showGroup(const ModelGroup &group);
    void selectionChanged();
    void strategyChanged();
    void updateMemberButtons();
    void refreshMemberInputs();
    void refreshPinned();
    void markDirty();
    void confirmDelete();
    QString validate(const ModelGroup &group) const;

    AppController *m_controller;
    GroupModel *m_groups;
    MemberModel *m_members;
    QList<Channel> m_channels;
    ModelGroup m_current; // as loaded; id 0 = a new group
    bool m_dirty = false;
    bool m_loading = false;

    QLabel *m_title;
    QLabel *m_intro;
    QTableView *m_groupView;
    QPushButton *m_new;
    QPushButton *m_delete;

    QGroupBox *m_groupBox;
    QLabel *m_nameLabel;
    QLineEdit *m_name;
    QLabel *m_strategyLabel;
    QComboBox *m_strategy;
    QCheckBox *m_enabled;
    QLabel *m_budgetLabel;
    QDoubleSpinBox *m_dailyBudget;
    QLabel *m_maxCostLabel;
    QDoubleSpinBox *m_maxCost;
    QGroupBox *m_hybridBox;
    QList<QLabel *> m_weightLabels;
    QList<QDoubleSpinBox *> m_weights; // latency, cost, success, budget, context
    QLabel *m_pinnedLabel;
    QComboBox *m_pinned;

    QGroupBox *m_membersBox;
    QTableView *m_memberView;
    QComboBox *m_newChannel;
    QComboBox *m_newModel;
    QPushButton *m_addMember;
    QPushButton *m_removeMember;
    QPushButton *m_up;
    QPushButton *m_down;
    QLabel *m_dragHint;

    QGroupBox *m_policyBox;
    TimePolicyEditor *m_policies;

    QPushButton *m_save;
    QPushButton *m_revert;
    QLabel *m_status;
};

} // namespace Switchyard
