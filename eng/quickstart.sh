#!/usr/bin/env bash
# README command 1: set up a fresh Debian machine that has the .NET SDK and run Signet on embedded defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
bash eng/install-deps.sh --no-kubernetes
dotnet build src/Signet.Cli/Signet.Cli.csproj -c Release -nologo -clp:ErrorsOnly
exec dotnet src/Signet.Cli/bin/Release/net10.0/Signet.Cli.dll quickstart "$@"
