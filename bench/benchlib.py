# What the diagnosis benches share: loading one another (their names have
# no .py), and asking a build's test-corpus whether a reply reads as well
# after a change (behind an MTA's words, at another step) as it did before.
import importlib.machinery
import importlib.util
import os
import re

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# A reply of the file "pairs.txt" that the test explained otherwise.
MISS = re.compile(r'^# (WRONG|generic) pairs\.txt:(\d+) ')


def load(name):
    """The bench script bench/@name as a module."""
    loader = importlib.machinery.SourceFileLoader(name.replace('-', '_'),
                                                  os.path.join(TOP, 'bench', name))
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader(loader.name, loader))
    loader.exec_module(module)
    return module


def compare(build, pairs):
    """@pairs: (corpus line as it is, the same line changed). Returns the
    changed lines that read worse (right as they are, not right changed),
    each as (how: "WRONG" or "generic", line), and the number that read
    better, by @build's test-corpus."""
    lines = [line for pair in pairs for line in pair]
    _, printed = load('score-round').run_corpus(os.path.join(build, 'tests', 'test-corpus'),
                                                {'pairs.txt': lines}, verbose=True)
    missed = {int(m.group(2)): m.group(1) for m in map(MISS.match, printed.splitlines()) if m}
    # File line 2j+1 is a line as it is, line 2j+2 the same line changed.
    worse = [(missed[2 * j + 2], pair[1]) for j, pair in enumerate(pairs)
             if 2 * j + 2 in missed and 2 * j + 1 not in missed]
    better = sum(1 for j in range(len(pairs)) if 2 * j + 1 in missed and 2 * j + 2 not in missed)
    return worse, better


def corpus_lines():
    """(STEP, CAUSE, REPLY) of every reply line of the corpus files."""
    folder = os.path.join(TOP, 'tests', 'data', 'corpus')
    for name in sorted(os.listdir(folder)):
        if not name.endswith('.txt'):
            continue
        with open(os.path.join(folder, name), encoding='utf-8') as f:
            for line in f:
                fields = line.rstrip('\n').split(' | ', 3)
                if not line.startswith('#') and len(fields) == 4:
                    yield fields[0], fields[1], fields[2]
