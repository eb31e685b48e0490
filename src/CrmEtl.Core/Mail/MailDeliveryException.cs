namespace CrmEtl.Core.Mail;

/// <summary>
/// The report mail could not be delivered (connection refused, TLS or login failure, a rejected
/// recipient). Its message is one line; the report files are written all the same, and the
/// command exits with its own code, so cron can tell "not sent" from "bad input".
/// </summary>
public sealed class MailDeliveryException(string message, Exception? inner = null) : Exception(message, inner);
