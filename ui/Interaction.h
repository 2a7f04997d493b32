#pragma once
// Interaction: every question box, file picker, "open this URL" and clipboard write the widgets
// need goes through this one small interface, so tests answer them at once instead of blocking
// on a modal dialog. QtInteraction is the real thing (QMessageBox, QFileDialog, QDesktopServices,
// QClipboard).

#include <QString>
#include <QUrl>

class QWidget;

namespace pal {

class Interaction
{
public:
    virtual ~Interaction() = default;
    // A yes/no question; true when the user chose `acceptLabel`.
    virtual bool confirm(QWidget *parent, const QString &title, const QString &text, const QString &acceptLabel) = 0;
    // A file to write; empty when the user cancelled.
    virtual QString saveFileName(QWidget *parent, const QString &title, const QString &suggestedName,
                                 const QString &filter) = 0;
    // A file to read; empty when the user cancelled.
    virtual QString openFileName(QWidget *parent, const QString &title, const QString &filter) = 0;
    virtual void openUrl(const QUrl &url) = 0;
    virtual void copyToClipboard(const QString &text) = 0;
};

class QtInteraction final : public Interaction
{
public:
    bool confirm(QWidget *parent, const QString &title, const QString &text, const QString &acceptLabel) override;
    QString saveFileName(QWidget *parent, const QString &title, const QString &suggestedName,
                         const QString &filter) override;
    QString openFileName(QWidget *parent, const QString &title, const QString &filter) override;
    void openUrl(const QUrl &url) override;
    void copyToClipboard(const QString &text) override;
};

} // namespace pal
