"""The digest configuration: a bad file is one line naming it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.digest.config import ConfigError, load_config


def write_config(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "briefing.toml"
    path.write_text(f'state = "state.sqlite3"\n\n[[digest]]\n{body}', encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ('name = "x"\nrecipients = ["a@b.c"]\nfrom = "a@b.c"\nschedule = "every day"', "schedule"),
        ('name = "x"\nrecipients = ["a@b.c"]\nfrom = "a@b.c"\ntimezone = "Mars/Base"', "time zone"),
        ('name = "x"\nrecipients = []\nfrom = "a@b.c"', "recipients"),
        ('name = "x"\nrecipients = ["a@b.c"]\nfrom = "a@b.c"\nsmtp = 1', "smtp"),
        ('name = "x"\nrecipients = ["a@b.c"', "briefing.toml"),
        ('name = "x"\nrecipient = ["a@b.c"]\nfrom = "a@b.c"', "digest[x].recipient: Extra inputs"),
        ('name = "x"\nrecipients = ["a@b.c"]\nfrom = "a@b.c"\nsubject = "{nmae}"', "{nmae}"),
        (
            'name = "x"\nrecipients = ["a@b.c"]\nfrom = "a@b.c"\n[digest.archive]\nbase_url = "ftp://h"',
            "digest[x].archive.base_url: not an http(s) URL: 'ftp://h'",
        ),
        (
            'name = "x"\nrecipients = ["a@b.c"]\nfrom = "a@b.c"\n[digest.model]\ntimeout = 0',
            "digest[x].model.timeout",
        ),
    ],
)
def test_bad_config_is_one_line_naming_the_file(tmp_path: Path, body: str, says: str) -> None:
    path = write_config(tmp_path, body)
    with pytest.raises(ConfigError, match=re.escape(str(path))) as e:
        load_config(path)
    assert says in str(e.value) and "\n" not in str(e.value)
    result = CliRunner().invoke(main, ["digest", "run", "--config", str(path)])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_the_model_timeout_is_read_from_the_digest(tmp_path: Path) -> None:
    body = 'name = "x"\nrecipients = ["a@b.c"]\nfrom = "a@b.c"\n[digest.model]\ntimeout = 7.5'
    config = load_config(write_config(tmp_path, body))
    assert config.digest[0].model.timeout == 7.5
