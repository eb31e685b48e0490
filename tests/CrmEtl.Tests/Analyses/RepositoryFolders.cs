namespace CrmEtl.Tests.Analyses;

/// <summary>Folders of the repository the tests run from (found by walking up to CrmEtl.sln).</summary>
internal static class RepositoryFolders
{
    public static string Root { get; } = FindRoot();

    public static string Sql => Path.Combine(Root, "sql");

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "CrmEtl.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException($"no CrmEtl.sln above {AppContext.BaseDirectory}");
    }
}
