"""The ``flask`` commands, run through the CLI runner."""

from flask.testing import FlaskCliRunner

from planner.extensions import db
from planner.models import Role, User


def test_create_user_makes_the_first_admin(runner: FlaskCliRunner) -> None:
    result = runner.invoke(
        args=[
            "create-user",
            "--email",
            "Chief@LINK-J.example",
            "--name",
            "Chief",
            "--password",
            "a-long-password",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Created admin chief@link-j.example." in result.output
    user = db.session.scalar(db.select(User).filter_by(email="chief@link-j.example"))
    assert user.role == Role.ADMIN


def test_create_user_prompts_for_a_hidden_password(runner: FlaskCliRunner) -> None:
    result = runner.invoke(
        args=["create-user", "--email", "a@b.example", "--name", "A"],
        input="a-long-password\na-long-password\n",
    )
    assert result.exit_code == 0, result.output
    assert "a-long-password" not in result.output


def test_create_user_errors_are_one_clean_line(runner: FlaskCliRunner, demo) -> None:
    result = runner.invoke(
        args=[
            "create-user",
            "--email",
            "ADMIN@link-j.example",
            "--name",
            "X",
            "--password",
            "a-long-password",
        ]
    )
    assert result.exit_code == 1
    assert "An account with this email already exists. (email)" in result.output
    assert "Traceback" not in result.output


def test_create_user_with_unknown_organization(runner: FlaskCliRunner) -> None:
    result = runner.invoke(
        args=[
            "create-user",
            "--email",
            "x@y.example",
            "--name",
            "X",
            "--role",
            "organizer",
            "--org",
            "atlantis",
            "--password",
            "a-long-password",
        ]
    )
    assert result.exit_code == 1
    assert "There is no organization called atlantis." in result.output


def test_seed_demo_twice_adds_nothing_the_second_time(runner: FlaskCliRunner) -> None:
    first = runner.invoke(args=["seed-demo"])
    second = runner.invoke(args=["seed-demo"])
    assert "4 organizations, 5 accounts and 6 events added" in first.output
    assert "0 organizations, 0 accounts and 0 events added" in second.output
    assert "organizer@medicon.example" in second.output


def test_seed_demo_is_refused_in_production(runner: FlaskCliRunner, app) -> None:
    app.config["ALLOW_DEMO_ACCOUNTS"] = False
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 1
    assert "refused in production" in result.output
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 0
