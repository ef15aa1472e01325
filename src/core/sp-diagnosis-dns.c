/* sp-diagnosis-dns.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* What a lookup of a domain's mail servers means, in the words the mail
 * servers page and the CLI both show. The advice of a failed lookup is
 * its explanation's (sp-diagnosis-rules.c), so that the servers page,
 * the result page and the CLI never give two different pieces of advice
 * for the same failure. */

#define G_LOG_DOMAIN "sp-diagnosis"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sp-diagnosis.h"

/* The headings by SP_RESOLVER_ERROR code; a code without one gets the
 * generic heading. */
static const char * const lookup_headings[] = {
  [SP_RESOLVER_ERROR_NULL_MX] = N_("This domain accepts no email"),
  [SP_RESOLVER_ERROR_NOT_FOUND] = N_("The domain does not exist"),
  [SP_RESOLVER_ERROR_NO_MAIL_HOST] = N_("The domain has no mail server"),
  [SP_RESOLVER_ERROR_NO_ADDRESSES] = N_("The mail servers have no addresses"),
  [SP_RESOLVER_ERROR_TIMED_OUT] = N_("DNS did not answer in time"),
  [SP_RESOLVER_ERROR_SERVER_FAILURE] = N_("DNS could not find an answer"),
  [SP_RESOLVER_ERROR_REFUSED] = N_("The DNS server refused to answer"),
  [SP_RESOLVER_ERROR_CONNECTION] = N_("The DNS server cannot be reached"),
  [SP_RESOLVER_ERROR_INVALID_NAME] = N_("This name cannot be looked up"),
  [SP_RESOLVER_ERROR_INVALID_SERVER] = N_("The DNS server address is not valid"),
  [SP_RESOLVER_ERROR_BAD_ANSWER] = N_("The DNS answer was broken"),
};

const char *
sp_diagnosis_get_lookup_heading (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain == SP_RESOLVER_ERROR && error->code >= 0 &&
      (guint) error->code < G_N_ELEMENTS (lookup_headings) &&
      lookup_headings[error->code] != NULL)
    return _(lookup_headings[error->code]);

  return _("The lookup failed");
}

static char *
join_sentences (const char * const *sentences)
{
  g_autofree char *text = g_strjoinv (" ", (char **) sentences);

  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

char *
sp_diagnosis_dup_lookup_advice (const GError *error)
{
  g_autoptr(SpExplanation) explanation = NULL;

  g_return_val_if_fail (error != NULL, NULL);

  explanation = sp_diagnosis_explain_error (SP_STEP_DNS, error);

  return join_sentences (sp_explanation_get_advice (explanation));
}

static guint
count_unresolved (const SpMxResult *result)
{
  guint n = 0;

  for (guint i = 0; i < result->hosts->len; i++)
    if (((const SpMxHost *) g_ptr_array_index (result->hosts, i))->error != NULL)
      n++;

  return n;
}

char *
sp_diagnosis_dup_lookup_note (const SpMxResult  *result,
                              char             **body,
                              char             **advice)
{
  guint n_unresolved;

  g_return_val_if_fail (result != NULL, NULL);

  if (body != NULL)
    *body = NULL;
  if (advice != NULL)
    *advice = NULL;

  /* A host's own addresses have no MX records to miss. */
  if (result->implicit && !result->host_lookup)
    {
      if (body != NULL)
        /* Translators: both %s are the same domain. */
        *body = g_strdup_printf (_("%s publishes no MX records, so sending servers deliver "
                                   "to the address of %s itself (RFC 5321, section 5.1). "
                                   "That works, but mail domains usually publish MX "
                                   "records."),
                                 result->domain, result->domain);
      if (advice != NULL)
        *advice = g_strdup (_("If mail should go elsewhere, the domain’s owner has to add MX "
                              "records."));

      return g_strdup (_("No MX records: mail goes to the domain itself"));
    }

  n_unresolved = count_unresolved (result);
  if (n_unresolved == 0)
    return NULL;

  if (advice != NULL)
    *advice = g_strdup (_("Sending servers skip them and try the others; the domain’s DNS "
                          "should be fixed all the same."));

  /* Two sentences, not plural forms: a language that uses its first form
   * for 21 as well must not say “one” there. */
  if (n_unresolved == 1)
    return g_strdup (_("One mail server has no address"));

  return g_strdup (_("Some mail servers have no address"));
}
