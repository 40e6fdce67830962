#pragma once

#include "clicontext.h"

#include <QFuture>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace tessera::cli {

// One tessera-cli command: its name and help, the options it takes and what runs it. Every
// command is listed in commands() (commandtable.cpp), the one place a new command is added.
struct Command
{
    QString name; // one or two words: "login", "admin create-local-user"
    QString usage; // the command's own options
    QString summary;
    QStringList options; // the command options it takes (beyond the global ones)
    std::function<QFuture<int>(CliContext &)> run;
    QStringList arguments = {}; // the positional arguments after its name ("ID", "ACTION")
};

// Every command, in the order the help lists them.
const QList<Command> &commands();
// The help's list of commands and the notes after it.
QString commandHelp();

} // namespace tessera::cli
