/* sp-diagnosis-tls.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* What a server's certificate means for mail delivery. The report
 * (sp-tls-report.c) holds the facts; this file reads only the report's
 * fields, so the report may end its lines with this sentence without a
 * cycle of calls between the two. */

#define G_LOG_DOMAIN "sp-diagnosis"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sp-diagnosis.h"

char *
sp_diagnosis_dup_tls_delivery_impact (const SpTlsReport *report)
{
  g_return_val_if_fail (report != NULL, NULL);

  if (report->validated && report->trust == SP_TLS_TRUST_CA_FILE)
    return g_strdup (_("Servers that trust the same private authority can check this "
                       "certificate. Sending servers on the internet cannot: to them the "
                       "issuer is unknown, which matters for domains that use MTA-STS."));
  if (report->validated)
    return g_strdup (_("Sending servers that check certificates, as MTA-STS domains require, "
                       "can deliver to this server."));

  return g_strdup (_("Most sending servers use opportunistic TLS and deliver anyway, without "
                     "checking the certificate. Senders that enforce MTA-STS for the "
                     "recipient’s domain would not deliver here, and neither would DANE "
                     "senders unless the domain’s TLSA records match this certificate."));
}
