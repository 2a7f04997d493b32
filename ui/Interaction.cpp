#include "Interaction.h"

#include <QClipboard>
#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QGuiApplication>
#include <QMessageBox>
#include <QPushButton>

namespace pal {

bool QtInteraction::confirm(QWidget *parent, const QString &title, const QString &text, const QString &acceptLabel)
{
    QMessageBox box(QMessageBox::Question, title, text, QMessageBox::NoButton, parent);
    box.setTextFormat(Qt::PlainText); // the question may name a directory, as its server spells it
    QPushButton *accept = box.addButton(acceptLabel, QMessageBox::AcceptRole);
    QPushButton *cancel = box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(cancel); // a destructive answer is never the default
    box.exec();
    return box.clickedButton() == accept;
}

QString QtInteraction::saveFileName(QWidget *parent, const QString &title, const QString &suggestedName,
                                    const QString &filter)
{
    return QFileDialog::getSaveFileName(parent, title, QDir::home().filePath(suggestedName), filter);
}

QString QtInteraction::openFileName(QWidget *parent, const QString &title, const QString &filter)
{
    return QFileDialog::getOpenFileName(parent, title, QDir::homePath(), filter);
}

void QtInteraction::openUrl(const QUrl &url)
{
    QDesktopServices::openUrl(url);
}

void QtInteraction::copyToClipboard(const QString &text)
{
    QGuiApplication::clipboard()->setText(text);
}

} // namespace pal
