#pragma once

#include <QObject>
#include <QTranslator>

namespace Switchyard {

class Storage;

// Installs the app's own translation plus Qt's qtbase one, and switches them at run time: removing
// and installing translators makes Qt send LanguageChange to every widget, which retranslates itself.
class LanguageManager : public QObject
{
    Q_OBJECT

public:
    explicit LanguageManager(QObject *parent = nullptr);

    // "en" or "zh_CN"; an empty code means the system locale.
    bool setLanguage(const QString &code);
    // Applies the stored "language" setting now and whenever it changes (the settings page and the
    // tray menu only save it). An empty or unknown value means the system locale.
    void follow(Storage *storage);
    QString language() const { return m_language; }
    static QStringList availableLanguages();
    // The supported language closest to the system locale.
    static QString systemLanguage();

Q_SIGNALS:
    void languageChanged(const QString &code);

private:
    QTranslator m_appTranslator;
    QTranslator m_qtTranslator;
    QString m_language;
    QMetaObject::Connection m_settingConnection;
};

} // namespace Switchyard
