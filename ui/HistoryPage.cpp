#include "HistoryPage.h"

#include "Accessibility.h"
#include "InlineMessage.h"
#include "Interaction.h"
#include "LinkHistory.h"
#include "OffThread.h"
#include "PlainText.h"
#include "StateStyle.h"
#include "ValueLabel.h"

#include <QAbstractItemView>
#include <QComboBox>
#include <QDate>
#include <QDateTime>
#include <QFileInfo>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QHash>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTableView>
#include <QTime>
#include <QVBoxLayout>

#include <utility>

namespace pal {

namespace {

QString linkText(const std::optional<HistoryLink> &link)
{
    if (!link)
        return QObject::tr("none");
    return link->partnerName.isEmpty() ? link->partnerId
                                       : QObject::tr("%1 (%2)").arg(link->partnerId, link->partnerName);
}

QString actionText(const QString &action)
{
    if (action == QLatin1String("create"))
        return QObject::tr("Linked");
    if (action == QLatin1String("update"))
        return QObject::tr("Changed");
    return QObject::tr("Removed");
}

QStandardItem *cell(const QString &text, const QString &tip = {})
{
    auto *item = new QStandardItem(text);
    item->setEditable(false);
    item->setToolTip(plainToolTip(tip.isEmpty() ? text : tip));
    return item;
}

} // namespace

HistoryPage::HistoryPage(const UiContext &ui, QWidget *parent)
    : QWidget(parent)
    , m_ui(ui)
{
    setObjectName(QStringLiteral("historyPage"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 16, 24, 16);
    layout->setSpacing(10);
    auto *title = new QLabel(tr("Link history"), this);
    styleTitle(title);
    layout->addWidget(title);
    auto *intro = plainText(new QLabel(tr("Every partner link PAL Desk and palctl created, changed or removed on "
                                          "this computer, failed attempts too, newest first."),
                                       this));
    intro->setWordWrap(true);
    layout->addWidget(intro);
    m_file = new ValueLabel(QStringLiteral("historyFile"), tr("History file"), m_ui.interaction, this);
    m_file->setValue(tr("Kept in %1").arg(m_ui.history->filePath()), m_ui.history->filePath());
    layout->addWidget(m_file);

    auto *row = new QHBoxLayout;
    auto *filterLabel = new QLabel(tr("&Directory:"), this);
    m_directory = new QComboBox(this);
    m_directory->setObjectName(QStringLiteral("historyDirectory"));
    m_directory->setAccessibleName(tr("Show the changes of this directory"));
    m_directory->setMinimumContentsLength(28);
    m_directory->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_directory->view()->setAccessibleName(tr("Directories"));
    filterLabel->setBuddy(m_directory);
    m_directory->addItem(tr("All directories"), QString());
    m_refresh = new QPushButton(tr("&Refresh"), this);
    m_refresh->setObjectName(QStringLiteral("historyRefresh"));
    m_refresh->setAccessibleName(tr("Read the history again"));
    m_export = new QPushButton(tr("Export &CSV…"), this);
    m_export->setObjectName(QStringLiteral("historyExport"));
    m_export->setAccessibleName(tr("Export the history shown as CSV"));
    row->addWidget(filterLabel);
    row->addWidget(m_directory);
    row->addWidget(m_refresh);
    row->addStretch(1);
    row->addWidget(m_export);
    layout->addLayout(row);

    m_model = new QStandardItemModel(0, ColumnCount, this);
    m_model->setHorizontalHeaderLabels({tr("When"), tr("App"), tr("Action"), tr("Directory"), tr("Signed in as"),
                                        tr("Before"), tr("After"), tr("Result")});
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("historyTable"));
    nameScrollArea(m_table, tr("Link changes"));
    m_table->setTabKeyNavigation(false); // Tab leaves the table; the arrow keys move inside it
    showFocusFrame(m_table);
    m_table->setModel(m_model);
    m_table->setWordWrap(false);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    // Short columns as wide as their text, the named ones share the rest: no column is pushed out
    // of sight (a cut name has its whole text in the tooltip).
    // (Widths from the font, as the table is filled while hidden, where ResizeToContents sees nothing.)
    QHeaderView *header = m_table->horizontalHeader();
    const QFontMetrics metrics = m_table->fontMetrics();
    const auto fit = [&metrics](const QString &widest) { return metrics.horizontalAdvance(widest) + 24; };
    const QHash<int, int> fixed{
        {Time, fit(QLocale().toString(QDateTime(QDate(2026, 12, 31), QTime(23, 59, 59)), QLocale::ShortFormat))},
        {App, fit(QStringLiteral("paldesk"))},
        {Action, fit(tr("Changed"))},
        {Result, fit(tr("✖ Failed: conflict"))}};
    for (int c = 0; c < ColumnCount; ++c) {
        header->setSectionResizeMode(c, fixed.contains(c) ? QHeaderView::Interactive : QHeaderView::Stretch);
        if (fixed.contains(c))
            header->resizeSection(c, fixed.value(c));
    }
    layout->addWidget(m_table, 1);
    m_empty = plainText(new QLabel(this));
    m_empty->setObjectName(QStringLiteral("historyEmpty"));
    m_empty->setWordWrap(true);
    layout->addWidget(m_empty);
    m_message = new InlineMessage(QStringLiteral("historyMessage"), m_ui.interaction, this);
    layout->addWidget(m_message);

    connect(m_directory, &QComboBox::activated, this, &HistoryPage::reload);
    connect(m_refresh, &QPushButton::clicked, this, &HistoryPage::reload);
    connect(m_export, &QPushButton::clicked, this, &HistoryPage::exportCsv);
    connect(m_ui.history, &LinkHistory::appendFailed, this, [this](const AzureError &error) {
        m_notRecorded = error;
        showNotRecorded();
    });
    connect(m_ui.history, &LinkHistory::appended, this, [this] { m_notRecorded.reset(); });
    connect(m_ui.history, &LinkHistory::changed, this, [this] {
        if (isVisible())
            reload();
        else
            m_stale = true;
    });
}

void HistoryPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_stale)
        reload();
}

namespace {

// One reading of the history for the page: the newest entries of all directories (for the
// filter's list) and of the directory chosen.
struct HistoryRead
{
    Expected<LinkHistory::Page> all = LinkHistory::Page{};
    Expected<LinkHistory::Page> shown = LinkHistory::Page{};
};

} // namespace

void HistoryPage::reload()
{
    m_stale = false;
    if (m_reading) { // one reading at a time; the latest wish is read when it ends
        m_readAgain = true;
        return;
    }
    m_reading = true;
    const QString directory = m_directory->currentData().toString();
    const QString path = m_ui.history->filePath();
    // A large file (a server's long error message in it, years of changes) is read off the GUI
    // thread: the history changes whenever the configuration folder does.
    runOffThreadIfLarge(
        QFileInfo(path).size(), this,
        [path, directory] {
            HistoryRead read;
            read.all = LinkHistory::readFile(path, {QString(), MaxRows});
            read.shown =
                directory.isEmpty() || !read.all ? read.all : LinkHistory::readFile(path, {directory, MaxRows});
            return read;
        },
        [this](const HistoryRead &read) {
            m_reading = false;
            showRead(read.all, read.shown);
            if (std::exchange(m_readAgain, false))
                reload();
        });
}

void HistoryPage::showRead(const Expected<LinkHistory::Page> &all, const Expected<LinkHistory::Page> &shown)
{
    if (!all) {
        m_message->showError(all.error(), m_notRecorded ? tr("A partner link change (or attempt) from here is not in "
                                                             "the history, and the history could not be read.")
                                                        : tr("The history could not be read."));
        fill({});
        return;
    }
    updateFilter(all->entries);
    if (!shown) {
        m_message->showError(shown.error(), tr("The history could not be read."));
        return;
    }
    fill(shown->entries);
    if (m_notRecorded)
        showNotRecorded();
    else if (all->damaged > 0)
        m_message->showWarning(tr("%n line(s) of the history file are damaged and were skipped; the other changes "
                                  "are shown.",
                                  nullptr, all->damaged));
    else
        m_message->clear();
}

void HistoryPage::showNotRecorded()
{
    m_message->showError(*m_notRecorded, tr("A partner link change (or attempt) from here is not in the history."));
}

void HistoryPage::updateFilter(const QList<HistoryEntry> &entries)
{
    const QString chosen = m_directory->currentData().toString();
    QStringList seen;
    QList<QPair<QString, QString>> directories; // name, tenant id
    for (const HistoryEntry &e : entries) {
        if (seen.contains(e.tenantId, Qt::CaseInsensitive))
            continue;
        seen << e.tenantId;
        directories.append({e.displayName.isEmpty() ? e.tenantId : e.displayName, e.tenantId});
    }
    std::sort(directories.begin(), directories.end(),
              [](const auto &a, const auto &b) { return a.first.localeAwareCompare(b.first) < 0; });
    m_directory->clear();
    m_directory->addItem(tr("All directories"), QString());
    for (const auto &[name, tenantId] : directories)
        m_directory->addItem(name, tenantId);
    const int index = m_directory->findData(chosen);
    m_directory->setCurrentIndex(index >= 0 ? index : 0);
}

void HistoryPage::fill(const QList<HistoryEntry> &entries)
{
    m_model->removeRows(0, m_model->rowCount());
    for (const HistoryEntry &e : entries) {
        const QString when = QLocale().toString(e.time.toLocalTime(), QLocale::ShortFormat);
        const QString utc = e.time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) + QStringLiteral(" UTC");
        const QString result = e.ok ? tr("%1 Done").arg(toneSymbol(Tone::Success))
                                    : tr("%1 Failed: %2").arg(toneSymbol(Tone::Error), e.errorCode);
        QString resultTip = e.ok ? tr("The change was made.") : e.errorMessage;
        if (!e.ok && !e.requestId.isEmpty())
            resultTip += QLatin1Char('\n') + tr("Request id: %1").arg(e.requestId);
        const QString directory = e.displayName.isEmpty() ? e.tenantId : e.displayName;
        m_model->appendRow(
            {cell(when, utc), cell(e.app), cell(actionText(e.action)),
             cell(directory, tr("%1 (%2)").arg(directory, e.tenantId)),
             cell(e.username, e.objectId.isEmpty() ? e.username : tr("%1, object ID %2").arg(e.username, e.objectId)),
             cell(linkText(e.before)), cell(linkText(e.after)), cell(result, resultTip)});
    }
    const bool none = entries.isEmpty();
    m_table->setVisible(!none);
    m_empty->setVisible(none);
    m_empty->setText(m_directory->currentIndex() > 0 ? tr("No link change is recorded for this directory.")
                                                     : tr("No link change is recorded yet. Every link you create, "
                                                          "change or remove, here or with palctl, shows here."));
    m_export->setEnabled(!none);
}

void HistoryPage::exportCsv()
{
    const QString directory = m_directory->currentData().toString();
    const Expected<LinkHistory::Page> page = m_ui.history->read({directory, 0});
    if (!page) {
        m_message->showError(page.error(), tr("The history was not exported."));
        return;
    }
    const QString suggested =
        QStringLiteral("partner-link-history-%1.csv").arg(QDate::currentDate().toString(Qt::ISODate));
    QString path = m_ui.interaction->saveFileName(this, tr("Export the history"), suggested, tr("CSV (*.csv)"));
    if (path.isEmpty())
        return;
    if (!path.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive))
        path += QStringLiteral(".csv");
    if (const Expected<Done> written = LinkHistory::writeCsv(path, page->entries); !written) {
        m_message->showError(written.error(), tr("The history was not exported."));
        return;
    }
    m_message->showSuccess(tr("%n change(s) saved to %1.", nullptr, int(page->entries.size())).arg(path));
}

} // namespace pal
