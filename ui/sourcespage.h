// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "source.h"
#include "sourcesettings.h"

#include <QAbstractTableModel>
#include <QDialog>
#include <QList>
#include <QWidget>

#include <functional>
#include <optional>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableView;

namespace medpull {

class DataService;
class Engine;

// The sources, one row each: name, status, FHIR base, client id, client
// authentication (secrets only as "stored"), redirect URI.
class SourcesModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Name, Status, FhirBase, ClientId, ClientAuth, Redirect, ColumnCount };
    enum Role { SourceIdRole = Qt::UserRole + 1 };

    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void setSources(const QList<Source> &sources);
    // Adds or updates one row in place (the selection stays).
    void upsert(const Source &source);
    void remove(qint64 sourceId);
    const Source *sourceAt(int row) const;

private:
    QList<Source> m_sources;
};

// Add or edit a source's registration settings. An edit shows what is stored
// but never a secret: an empty secret field keeps the stored one.
class SourceDialog : public QDialog {
    Q_OBJECT

public:
    explicit SourceDialog(const Source *source, QWidget *parent = nullptr);
    SourceSettings settings() const;

private:
    void updateFields();

    bool m_editing;
    QLineEdit *m_name;
    QLineEdit *m_fhirBase;
    QLineEdit *m_clientId;
    QComboBox *m_clientAuth;
    QLineEdit *m_secret;
    QComboBox *m_algorithm;
    QPushButton *m_rotate;
    bool m_rotateRequested = false;
    QLineEdit *m_scopes;
    QLineEdit *m_redirect;
    QSpinBox *m_concurrency;
    QDoubleSpinBox *m_rate;
    QSpinBox *m_intervalHours;
    QSpinBox *m_fullPullDays;
};

// The Sources tab: the list with add, edit, disable/enable, remove (a source
// with accounts is disabled instead) and Copy JWKS. Reads through the
// dashboard's DataService; commands go to the Engine, whose events update the
// list. Without an engine it only shows.
class SourcesPage : public QWidget {
    Q_OBJECT

public:
    SourcesPage(DataService *data, Engine *engine, QWidget *parent = nullptr);

    SourcesModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QLabel *messageLabel() const { return m_message; }
    QPushButton *copyJwksButton() const { return m_copyJwks; }
    QPushButton *toggleButton() const { return m_toggle; }
    QPushButton *removeButton() const { return m_remove; }
    // A dialog is shown modally; tests replace it.
    void setDialogRunner(std::function<std::optional<SourceSettings>(const Source *)> runner);

public slots:
    void addSource();
    void editSource();
    void toggleSource();
    void removeSource();
    void copyJwks();

signals:
    void addRequested(const medpull::SourceSettings &settings);
    void editRequested(qint64 sourceId, const medpull::SourceSettings &settings);
    void disableRequested(qint64 sourceId);
    void enableRequested(qint64 sourceId);
    void removeRequested(qint64 sourceId);

private:
    const Source *selected() const;
    void updateButtons();

    void bindEngine();

    DataService *m_data;
    Engine *m_engine;
    quint64 m_request = 0;
    SourcesModel *m_model;
    QTableView *m_view;
    QLabel *m_message;
    QPushButton *m_add;
    QPushButton *m_edit;
    QPushButton *m_toggle;
    QPushButton *m_remove;
    QPushButton *m_copyJwks;
    std::function<std::optional<SourceSettings>(const Source *)> m_dialog;
};

} // namespace medpull
