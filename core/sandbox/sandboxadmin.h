// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "sandboxhttp.h"

namespace medpull {
class SandboxServer;
}

namespace medpull::sandbox {

// The loopback admin API: JSON in and out, no authentication (the server only
// listens on 127.0.0.1). Paths are below http://127.0.0.1:PORT/admin.
//
//   GET    /admin                              portals, destinations and URLs
//   GET    /admin/portals                      the portals (name, fhirBase,
//                                              smartConfiguration, endpoints, faults,
//                                              quirks); the vendor-like ones only
//                                              with ?all=1 (so for /admin and /admin/people)
//   GET    /admin/portals/<p>                  one portal
//   GET    /admin/portals/<p>/patients         per patient: id, name, person,
//                                              counts (per type, exactly what a complete
//                                              pull retrieves, referenced resources
//                                              included), total, updated (per type,
//                                              resources above version 1), generation
//   GET    /admin/portals/<p>/patients/<id>    one patient
//   GET    /admin/portals/<p>/patients/<id>/expected
//                                              what a complete pull must store under the
//                                              portal's quirks: resources (type, id),
//                                              notAvailable, failed, notes
//   POST   /admin/portals/<p>/patients/<id>/revoke
//                                              revokes the patient's grants: refresh
//                                              and access tokens stop working
//   POST   /admin/portals/<p>/expire-tokens    every access token of the portal expires now
//   GET    /admin/portals/<p>/client           the client registration: method, secret,
//                                              jwks, redirectUris
//   POST   /admin/portals/<p>/client           body: {"secret", "jwks", "redirectUris"}
//                                              (any of them) replaces those
//   GET    /admin/portals/<p>/tokens           every access and refresh token issued
//   GET    /admin/people                       people and their accounts across portals
//   POST   /admin/advance                      every portal: new resources and new
//                                              versions of existing ones
//   POST   /admin/portals/<p>/advance          one portal
//   GET    /admin/faults                       fault state per portal
//   POST   /admin/faults                       body: a fault spec (text, or JSON
//                                              {"spec": "..."}); see sandboxfaults.h
//   DELETE /admin/faults                       clears every portal's faults
//   GET    /admin/quirks                       quirks per portal
//   POST   /admin/quirks                       body: a quirk spec (text, or JSON
//                                              {"spec": "..."}); see sandboxquirks.h
//   DELETE /admin/quirks                       clears every portal's quirks
//   GET    /admin/destinations                 the export destinations
//   GET    /admin/destinations/<d>             what it holds (counts per type);
//                                              ?resources=1 lists the Type/id keys
//   POST   /admin/destinations/<d>/fail        answers 503 from now on; with ?seconds=S
//                                              for S seconds from the next request it
//                                              refuses, then accepts again on its own
//   POST   /admin/destinations/<d>/succeed     accepts again
//   DELETE /admin/destinations/<d>             forgets what it holds
//
// Errors answer {"error": "..."} with 400 or 404.
class SandboxAdmin {
public:
    explicit SandboxAdmin(SandboxServer &server)
        : m_server(server) {}

    // Answers a request below /admin (request.path is what follows /admin).
    HttpResponse handle(const HttpRequest &request);

private:
    HttpResponse portalRequest(const HttpRequest &request, const QStringList &parts);
    HttpResponse destinationRequest(const HttpRequest &request, const QStringList &parts);
    HttpResponse index(const HttpRequest &request) const;
    HttpResponse people(const HttpRequest &request) const;

    SandboxServer &m_server;
};

} // namespace medpull::sandbox
