namespace CrmEtl.Core.Mail;

/// <summary>A file attached to the report mail.</summary>
public sealed record MailAttachment(string FileName, string MediaType, string MediaSubtype, byte[] Content);
