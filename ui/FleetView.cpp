#include "FleetView.h"

#include "FleetVerifier.h"
#include "InlineMessage.h"
#include "Interaction.h"
#include "PartnerId.h"
#include "StateStyle.h"
#include "Workspace.h"

#include <QDate>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QTableWidget>
#include <QVBoxLayout>

namespace pal {

namespace {
enum Column { Name, Result, Partner, PartnerName, Id, Details, ColumnCount };
}

FleetView::FleetView(const UiContext &ui, QWidget *parent)
    : QWidget(parent)
    , m_ui(ui)
{
    setObjectName(QStringLiteral("fleetView"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 16, 24, 16);
    auto *title = new QLabel(tr("All directories"), this);
    styleTitle(title);
    layout->addWidget(title);
    auto *intro = new QLabel(tr("Check the partner link in every directory your account reaches, in one go. "
                                "Optionally name the partner ID you expect, to spot directories linked to another."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto *row = new QHBoxLayout;
    auto *expectedLabel = new QLabel(tr("&Expected partner ID (optional):"), this);
    m_expected = new QLineEdit(this);
    m_expected->setObjectName(QStringLiteral("expectedPartnerId"));
    m_expected->setAccessibleName(tr("Expected partner ID (optional)"));
    m_expected->setPlaceholderText(tr("e.g. 1234567"));
    m_expected->setMaximumWidth(140);
    expectedLabel->setBuddy(m_expected);
    m_start = new QPushButton(tr("&Verify all directories"), this);
    m_start->setObjectName(QStringLiteral("verifyAll"));
    m_start->setAccessibleName(tr("Verify all directories"));
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("cancelVerifyAll"));
    m_cancel->setAccessibleName(tr("Cancel the verification"));
    m_exportCsv = new QPushButton(tr("Export &CSV…"), this);
    m_exportCsv->setObjectName(QStringLiteral("exportCsv"));
    m_exportCsv->setAccessibleName(tr("Export the report as CSV"));
    m_exportJson = new QPushButton(tr("Export &JSON…"), this);
    m_exportJson->setObjectName(QStringLiteral("exportJson"));
    m_exportJson->setAccessibleName(tr("Export the report as JSON"));
    row->addWidget(expectedLabel);
    row->addWidget(m_expected);
    row->addWidget(m_start);
    row->addWidget(m_cancel);
    row->addStretch(1);
    row->addWidget(m_exportCsv);
    row->addWidget(m_exportJson);
    layout->addLayout(row);

    auto *progressRow = new QHBoxLayout;
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("fleetProgress"));
    m_progress->setAccessibleName(tr("Directories verified"));
    m_progress->setFormat(tr("%v of %m"));
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("fleetSummary"));
    progressRow->addWidget(m_progress, 1);
    progressRow->addWidget(m_summary, 2);
    layout->addLayout(progressRow);

    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setObjectName(QStringLiteral("fleetTable"));
    m_table->setAccessibleName(tr("Verification results"));
    m_table->setHorizontalHeaderLabels(
        {tr("Directory"), tr("Result"), tr("Partner ID"), tr("Partner name"), tr("Directory ID"), tr("Details")});
    m_table->setWordWrap(false);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(Name, 150);
    m_table->setColumnWidth(Result, 130);
    m_table->setColumnWidth(Partner, 80);
    m_table->setColumnWidth(PartnerName, 190);
    m_table->setColumnWidth(Id, 270);
    m_table->setSortingEnabled(false);
    layout->addWidget(m_table, 1);

    m_message = new InlineMessage(QStringLiteral("fleetMessage"), m_ui.interaction, this);
    layout->addWidget(m_message);

    connect(m_start, &QPushButton::clicked, this, &FleetView::verifyAll);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (m_verifier)
            m_verifier->cancel();
    });
    connect(m_exportCsv, &QPushButton::clicked, this, [this] { exportReport(false); });
    connect(m_exportJson, &QPushButton::clicked, this, [this] { exportReport(true); });
    connect(m_ui.workspace, &Workspace::accountChanged, this, [this] {
        m_verifier.reset(); // its client belonged to the previous account
        m_table->setRowCount(0);
        m_progress->reset();
        m_summary->clear();
        m_message->clear();
        updateButtons();
    });
    connect(m_ui.workspace, &Workspace::directoriesChanged, this, &FleetView::updateButtons);
    updateButtons();
}

FleetView::~FleetView() = default;

bool FleetView::isRunning() const
{
    return m_verifier && m_verifier->isRunning();
}

void FleetView::updateButtons()
{
    const bool running = isRunning();
    const bool results = m_verifier && !m_verifier->results().isEmpty();
    m_start->setEnabled(!running && m_ui.workspace->partners() && !m_ui.workspace->directories().isEmpty());
    m_cancel->setEnabled(running);
    m_expected->setEnabled(!running);
    m_exportCsv->setEnabled(!running && results);
    m_exportJson->setEnabled(!running && results);
}

void FleetView::verifyAll()
{
    ManagementPartnerClient *client = m_ui.workspace->partners();
    if (!client || isRunning())
        return;
    const QString expected = m_expected->text().trimmed();
    if (!expected.isEmpty()) {
        if (const QString problem = PartnerId::problem(expected); !problem.isEmpty()) {
            m_message->showError(AzureError::make(AzureError::Kind::InvalidInput, problem),
                                 tr("The expected partner ID is not valid."));
            return;
        }
    }
    m_message->clear();
    m_table->setRowCount(0);
    m_verifier = std::make_unique<FleetVerifier>(client);
    m_verifier->setExpectedPartnerId(expected);
    const QList<Directory> directories = m_ui.workspace->directories();
    m_progress->setRange(0, int(directories.size()));
    m_progress->setValue(0);
    m_summary->setText(tr("Verifying %n directories…", nullptr, int(directories.size())));
    connect(m_verifier.get(), &FleetVerifier::progress, this, [this](int done, int total) {
        m_progress->setRange(0, total);
        m_progress->setValue(done);
    });
    connect(m_verifier.get(), &FleetVerifier::directoryVerified, this, [this](const DirectoryVerification &r) {
        addResult(r);
        m_ui.workspace->recordVerification(r);
    });
    connect(m_verifier.get(), &FleetVerifier::finished, this, [this] {
        int linked = 0, notLinked = 0, failed = 0, mismatched = 0;
        for (const DirectoryVerification &r : m_verifier->results()) {
            if (r.outcome == DirectoryVerification::Outcome::Linked)
                ++(r.matchesExpected() ? linked : mismatched);
            else if (r.outcome == DirectoryVerification::Outcome::NotLinked)
                ++notLinked;
            else
                ++failed;
        }
        QString text =
            tr("Done: %1 linked, %2 not linked, %3 could not be checked.").arg(linked).arg(notLinked).arg(failed);
        if (mismatched > 0)
            text += QLatin1Char(' ') + tr("%n linked to another partner ID.", nullptr, mismatched);
        m_summary->setText(text);
        m_summary->setAccessibleName(text);
        updateButtons();
    });
    m_verifier->start(directories);
    updateButtons();
}

void FleetView::addResult(const DirectoryVerification &r)
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    QString result;
    QString details;
    switch (r.outcome) {
    case DirectoryVerification::Outcome::Linked:
        result = r.matchesExpected() ? QStringLiteral("%1 %2").arg(toneSymbol(Tone::Success), tr("Linked"))
                                     : QStringLiteral("%1 %2").arg(toneSymbol(Tone::Warning), tr("Other partner"));
        details = r.link ? tr("State %1").arg(r.link->state) : QString();
        break;
    case DirectoryVerification::Outcome::NotLinked:
        result = tr("Not linked");
        break;
    case DirectoryVerification::Outcome::Failed:
        result = QStringLiteral("%1 %2").arg(
            toneSymbol(Tone::Error),
            r.error && r.error->kind == AzureError::Kind::InteractionRequired ? tr("Sign-in needed") : tr("Error"));
        details = r.error ? r.error->userMessage() : QString();
        break;
    }
    const QString shortDetails = r.error ? (r.error->code.isEmpty() ? r.error->kindName() : r.error->code) : details;
    const QStringList cells = {r.directory.displayName,
                               result,
                               r.link ? r.link->partnerId : QString(),
                               r.link ? r.link->partnerName : QString(),
                               r.directory.tenantId,
                               shortDetails};
    for (int c = 0; c < cells.size(); ++c) {
        auto *item = new QTableWidgetItem(cells[c]);
        item->setToolTip(c == Details ? details : c == Name ? r.directory.label() : cells[c]);
        m_table->setItem(row, c, item);
    }
}

void FleetView::exportReport(bool json)
{
    if (!m_verifier || m_verifier->results().isEmpty())
        return;
    const QString suggested =
        QStringLiteral("partner-links-%1.%2")
            .arg(QDate::currentDate().toString(Qt::ISODate), json ? QStringLiteral("json") : QStringLiteral("csv"));
    const QString path = m_ui.interaction->saveFileName(this, tr("Export the report"), suggested,
                                                        json ? tr("JSON (*.json)") : tr("CSV (*.csv)"));
    if (path.isEmpty())
        return;
    const QByteArray data =
        json ? FleetVerifier::toJson(m_verifier->results()) : FleetVerifier::toCsv(m_verifier->results());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit()) {
        m_message->showError(AzureError::make(AzureError::Kind::InvalidInput,
                                              tr("Could not write %1: %2").arg(path, file.errorString())));
        return;
    }
    m_message->showSuccess(tr("Report saved to %1.").arg(path));
}

} // namespace pal
