#include "languagemanager.h"

#include "storage.h"
#include "uilogging.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>

namespace Switchyard {

LanguageManager::LanguageManager(QObject *parent)
    : QObject(parent)
{
}

void LanguageManager::follow(Storage *storage)
{
    disconnect(m_settingConnection);
    if (!storage)
        return;
    const auto apply = [this, storage] {
        const QString code = storage->setting(QStringLiteral("language")).toString();
        if (!setLanguage(availableLanguages().contains(code) ? code : QString()))
            setLanguage(QStringLiteral("en"));
    };
    m_settingConnection = connect(storage, &Storage::settingChanged, this, [apply](const QString &key) {
        if (key == u"language")
            apply();
    });
    apply();
}

QStringList LanguageManager::availableLanguages()
{
    return {QStringLiteral("en"), QStringLiteral("zh_CN")};
}

QString LanguageManager::systemLanguage()
{
    const QLocale locale = QLocale::system();
    return locale.language() == QLocale::Chinese ? QStringLiteral("zh_CN") : QStringLiteral("en");
}

bool LanguageManager::setLanguage(const QString &requested)
{
    const QString code = requested.isEmpty() ? systemLanguage() : requested;
    if (!availableLanguages().contains(code)) {
        qCWarning(lcUi) << "Unsupported language" << code;
        return false;
    }
    if (code == m_language)
        return true;

    QCoreApplication::removeTranslator(&m_appTranslator);
    QCoreApplication::removeTranslator(&m_qtTranslator);
    if (!m_appTranslator.load(QStringLiteral(":/i18n/switchyard_%1.qm").arg(code)))
        qCWarning(lcUi) << "Missing embedded translation for" << code;
    QCoreApplication::installTranslator(&m_appTranslator);
    if (code != u"en") {
        // Standard dialogs (QMessageBox buttons, file dialogs) come from Qt's own catalogue.
        if (m_qtTranslator.load(QStringLiteral("qtbase_%1").arg(code),
                                QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
            QCoreApplication::installTranslator(&m_qtTranslator);
    }
    QLocale::setDefault(QLocale(code));
    m_language = code;
    Q_EMIT languageChanged(code);
    return true;
}

} // namespace Switchyard
