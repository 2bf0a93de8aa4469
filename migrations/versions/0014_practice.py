"""practice municipalities, live exercises, evaluations

Revision ID: 0014_practice
Revises: 0013_mail
Create Date: 2026-12-02 05:19:50.912262

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014_practice'
down_revision = '0013_mail'
branch_labels = None
depends_on = None


def upgrade():
    
    op.create_table('practice_municipalities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=True),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_practice_municipalities_municipality_id_municipalities'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], name=op.f('fk_practice_municipalities_workshop_id_workshops'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_practice_municipalities')),
    sa.UniqueConstraint('municipality_id', name=op.f('uq_practice_municipalities_municipality_id')),
    sa.UniqueConstraint('slug', name=op.f('uq_practice_municipalities_slug'))
    )
    with op.batch_alter_table('practice_municipalities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_practice_municipalities_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_practice_municipalities_workshop_id'), ['workshop_id'], unique=False)

    op.create_table('workshop_exercises',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('question', sa.String(length=500), nullable=False),
    sa.Column('options', sa.JSON(), nullable=False),
    sa.Column('max_choices', sa.Integer(), nullable=False),
    sa.Column('is_open', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('poll', 'priority', 'brainstorm', 'evaluation')", name=op.f('ck_workshop_exercises_kind_known')),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], name=op.f('fk_workshop_exercises_workshop_id_workshops'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workshop_exercises')),
    sa.UniqueConstraint('code', name=op.f('uq_workshop_exercises_code'))
    )
    with op.batch_alter_table('workshop_exercises', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workshop_exercises_workshop_id'), ['workshop_id'], unique=False)

    op.create_table('practice_accounts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('practice_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('salt', sa.String(length=32), nullable=False),
    sa.CheckConstraint("role IN ('resident', 'group_member', 'staff', 'deputy', 'monitor')", name=op.f('ck_practice_accounts_role_known')),
    sa.ForeignKeyConstraint(['practice_id'], ['practice_municipalities.id'], name=op.f('fk_practice_accounts_practice_id_practice_municipalities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_practice_accounts_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_practice_accounts')),
    sa.UniqueConstraint('user_id', name=op.f('uq_practice_accounts_user_id'))
    )
    with op.batch_alter_table('practice_accounts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_practice_accounts_practice_id'), ['practice_id'], unique=False)

    op.create_table('workshop_exercise_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('exercise_id', sa.Integer(), nullable=False),
    sa.Column('browser', sa.String(length=64), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['exercise_id'], ['workshop_exercises.id'], name=op.f('fk_workshop_exercise_answers_exercise_id_workshop_exercises'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workshop_exercise_answers')),
    sa.UniqueConstraint('exercise_id', 'browser', name=op.f('uq_workshop_exercise_answers_exercise_id_browser'))
    )
    with op.batch_alter_table('workshop_exercise_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workshop_exercise_answers_exercise_id'), ['exercise_id'], unique=False)




def downgrade():
    
    with op.batch_alter_table('workshop_exercise_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_workshop_exercise_answers_exercise_id'))

    op.drop_table('workshop_exercise_answers')
    with op.batch_alter_table('practice_accounts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_practice_accounts_practice_id'))

    op.drop_table('practice_accounts')
    with op.batch_alter_table('workshop_exercises', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_workshop_exercises_workshop_id'))

    op.drop_table('workshop_exercises')
    with op.batch_alter_table('practice_municipalities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_practice_municipalities_workshop_id'))
        batch_op.drop_index(batch_op.f('ix_practice_municipalities_expires_at'))

    op.drop_table('practice_municipalities')

