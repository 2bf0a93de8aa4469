"""notifications: follows (a municipality, a plan, a ballot), preferences per kind, the
delivery table whose unique (user, event key) delivers each event once, and notifications
of followed events (new kinds, their key, date and link)

Revision ID: 0017_notify
Revises: 0016_pb
Create Date: 2026-12-02

"""
from alembic import op
import sqlalchemy as sa

OLD_KINDS = ("proposal_answered", "problem_answered")
NEW_KINDS = ("survey_opened", "ballot_opened", "survey_closing", "ballot_closing", "plan_discussion",
             "plan_submitted", "plan_approved", "plan_amended", "proposal_answered", "problem_answered",
             "report_approved", "meeting_announced", "hearing_announced", "workshop_soon")


def _one_of(kinds):
    return "kind IN (" + ", ".join(f"'{k}'" for k in kinds) + ")"


# revision identifiers, used by Alembic.
revision = '0017_notify'
down_revision = '0017_pb_paper'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('notification_preferences',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('delivery', sa.String(length=10), nullable=False),
    sa.CheckConstraint("delivery IN ('email', 'digest', 'app', 'off')", name=op.f('ck_notification_preferences_delivery')),
    sa.CheckConstraint("kind IN ('opened', 'closing', 'plan_discussion', 'plan_submitted', 'plan_approved', 'plan_amended', 'answered', 'report_approved', 'meeting', 'workshop')", name=op.f('ck_notification_preferences_kind')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notification_preferences_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'kind', name=op.f('pk_notification_preferences'))
    )
    op.create_table('follows',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('target', sa.String(length=40), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=True),
    sa.Column('ballot_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['ballot_id'], ['ballots.id'], name=op.f('fk_follows_ballot_id_ballots'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_follows_municipality_id_municipalities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_follows_plan_id_plans'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_follows_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follows')),
    sa.UniqueConstraint('user_id', 'municipality_id', 'target', name=op.f('uq_follows_user_id_municipality_id_target'))
    )
    with op.batch_alter_table('follows', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_follows_municipality_id'), ['municipality_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_follows_user_id'), ['user_id'], unique=False)

    op.create_table('notification_deliveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('event_key', sa.String(length=160), nullable=False),
    sa.Column('mode', sa.String(length=10), nullable=False),
    sa.Column('notification_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['notification_id'], ['notifications.id'], name=op.f('fk_notification_deliveries_notification_id_notifications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notification_deliveries_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_deliveries')),
    sa.UniqueConstraint('user_id', 'event_key', name=op.f('uq_notification_deliveries_user_id_event_key'))
    )
    with op.batch_alter_table('notification_deliveries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_deliveries_sent_at'), ['sent_at'], unique=False)

    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('event_key', sa.String(length=160), nullable=True))
        batch_op.add_column(sa.Column('event_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('link', sa.String(length=500), server_default='', nullable=False))
        batch_op.alter_column('municipality_id',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.drop_constraint(batch_op.f('ck_notifications_kind'), type_='check')
        batch_op.create_check_constraint('kind', _one_of(NEW_KINDS))
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.alter_column('link', server_default=None, existing_type=sa.String(length=500), existing_nullable=False)



def downgrade():
    notifications = sa.table('notifications', sa.column('kind', sa.String), sa.column('municipality_id', sa.Integer))
    op.execute(notifications.delete().where(sa.or_(notifications.c.kind.not_in(OLD_KINDS),
                                                   notifications.c.municipality_id.is_(None))))
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_notifications_kind'), type_='check')
        batch_op.create_check_constraint('kind', _one_of(OLD_KINDS))
        batch_op.alter_column('municipality_id',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.drop_column('link')
        batch_op.drop_column('event_on')
        batch_op.drop_column('event_key')

    with op.batch_alter_table('notification_deliveries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notification_deliveries_sent_at'))

    op.drop_table('notification_deliveries')
    with op.batch_alter_table('follows', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_follows_user_id'))
        batch_op.drop_index(batch_op.f('ix_follows_municipality_id'))

    op.drop_table('follows')
    op.drop_table('notification_preferences')
