"""Indexes for sorting the library list by title, site and highlight count (100,000 rows page fast).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('article', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_title'), ['title'], unique=False)
        batch_op.create_index(batch_op.f('ix_article_site'), ['site'], unique=False)
        batch_op.create_index(batch_op.f('ix_article_highlight_count'), ['highlight_count'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('article', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_highlight_count'))
        batch_op.drop_index(batch_op.f('ix_article_site'))
        batch_op.drop_index(batch_op.f('ix_article_title'))
